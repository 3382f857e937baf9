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

/**
 * The SQLSTATE of a database error, whichever library raised it: node-postgres and
 * postgres.js put it on `code`, Prisma on `meta.code`, Drizzle and Kysely wrap the
 * library's error in `cause`. Undefined when none is found (a network error, a timeout).
 */
export function sqlStateOf(err: unknown, depth = 0): string | undefined {
  if (typeof err !== "object" || err === null || depth > 4) return undefined;
  const e = err as { code?: unknown; meta?: { code?: unknown }; cause?: unknown };
  for (const code of [e.code, e.meta?.code]) if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  return sqlStateOf(e.cause, depth + 1);
}

/**
 * True when the statement itself was refused for what it holds (data exception, integrity
 * violation, a bad cast, a trigger that raises): running it again fails again, while a row-by-row retry records
 * every other row. Connection loss, shutdown, lock and serialization failures are not.
 */
export function isStatementError(err: unknown): boolean {
  const state = sqlStateOf(err);
  return state !== undefined && ["22", "23", "42", "P0"].includes(state.slice(0, 2));
}
