/** Recognises the database errors that have a better explanation than PostgreSQL's own message. */
import { isTributaryError, TributaryError } from "../base/errors.js";

const MISSING_TABLE = /relation "(?:[^"]*\.)?river_(?:job|queue|leader)" does not exist/;

/**
 * Runs `fn`; a "relation river_job does not exist" error becomes MIGRATION_MISSING saying
 * which migrate() call fixes it. Any other error passes through unchanged.
 */
export async function explainingDatabaseErrors<T>(doing: string, schema: string | null, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isTributaryError(err)) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (!MISSING_TABLE.test(message)) throw err;
    throw new TributaryError(
      "MIGRATION_MISSING",
      `River's tables are missing while ${doing}: run migrate(driver${schema ? `, { schema: "${schema}" }` : ""}) first`,
      { cause: err },
    );
  }
}
