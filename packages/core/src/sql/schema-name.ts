/** Validates schema names and quotes them for SQL. */
import { TributaryError } from "../base/errors.js";

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Validates a schema name and returns it double-quoted for SQL. Only plain lower-case
 * identifiers are accepted: the name also appears in NOTIFY channel names
 * (`<schema>.river_insert`), which River builds from the bare name.
 */
export function quoteSchemaName(schema: string): string {
  if (typeof schema !== "string" || !PLAIN_IDENTIFIER.test(schema)) {
    throw new TributaryError(
      "INVALID_SCHEMA_NAME",
      `invalid schema name ${JSON.stringify(schema)}: use a plain identifier of lower-case letters, digits and underscores (at most 63 characters, not starting with a digit)`,
    );
  }
  return `"${schema}"`;
}
