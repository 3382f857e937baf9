/** Validates schema names by River's rule and quotes them for SQL. */
import { TributaryError } from "../base/errors.js";

/** River's schema rule (its `schema` option): `^[a-zA-Z_][a-zA-Z0-9_]*$`, at most 46 characters. */
const RIVER_SCHEMA_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** River's limit on a schema name's length. */
const SCHEMA_NAME_MAX = 46;

/**
 * Throws INVALID_SCHEMA_NAME unless `schema` satisfies River's rule: letters, digits and
 * underscores, not starting with a digit, at most 46 characters. The name also appears bare
 * in NOTIFY channel names (`<schema>.river_insert`), as River builds them. `field` names
 * where it came from (`config.schema`), if anywhere.
 */
export function checkSchemaName(schema: unknown, field?: string): string {
  if (typeof schema !== "string" || schema.length > SCHEMA_NAME_MAX || !RIVER_SCHEMA_NAME.test(schema)) {
    const shown = typeof schema === "string" ? JSON.stringify(schema) : `a ${schema === null ? "null" : typeof schema}`;
    throw new TributaryError(
      "INVALID_SCHEMA_NAME",
      `${field ? `${field}: ` : ""}invalid schema name ${shown}: River accepts letters, digits and underscores, not starting with a digit, at most ${SCHEMA_NAME_MAX} characters (^[a-zA-Z_][a-zA-Z0-9_]*$)`,
    );
  }
  return schema;
}

/**
 * Validates a schema name (see {@link checkSchemaName}) and returns it double-quoted for SQL,
 * so a mixed-case name keeps its case, as River's quoted identifiers do.
 */
export function quoteSchemaName(schema: string): string {
  return `"${checkSchemaName(schema)}"`;
}
