/** Resolves the schema a client or migration works in when none is configured. */
import type { Executor } from "../driver/driver.js";
import { TributaryError } from "../base/errors.js";

const CURRENT_SCHEMA = "SELECT current_schema()::text AS schema";

/**
 * The connection's `current_schema()`. Throws INVALID_SCHEMA_NAME when it is null (no schema
 * of the search_path exists), instead of guessing `public`: a guess would write River's tables
 * somewhere other than where the application's own tables and River's Go workers look.
 */
export async function currentSchema(executor: Executor): Promise<string> {
  const rows = await executor.query<{ schema: string | null }>(CURRENT_SCHEMA);
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new TributaryError(
      "INVALID_SCHEMA_NAME",
      "current_schema() is null (no schema on the search_path exists): pass { schema } explicitly or create the schema",
    );
  }
  return schema;
}
