/** Recognises a pooler's lost or duplicated prepared statements and names the driver option that avoids them. */
import { TributaryError } from "./errors.js";

/**
 * SQLSTATEs of a named prepared statement that is not where the client left it. A
 * transaction-mode pooler moves a client between server connections after every transaction:
 * PgBouncer before 1.21 answers `42P05` ("prepared statement … already exists") when a second
 * client prepares the same name on a server connection, other poolers (Supavisor, RDS Proxy)
 * `26000` ("prepared statement … does not exist") when a client executes on a connection that
 * never saw the statement.
 */
const PREPARED_STATEMENT_SQLSTATES: ReadonlySet<string> = new Set(["42P05", "26000"]);

/**
 * The `PREPARED_STATEMENTS_UNSUPPORTED` error for `err` when it is one of those failures
 * (`sqlState` defaults to `err.code`, where node-postgres and postgres.js keep it); `undefined`
 * for any other error. `fix` tells the user what to set, e.g. ``"pass `prepare: false` to
 * pgDriver"``. Drivers call it on failures of core's own statements only, which never
 * prepare by name unless the driver does.
 *
 * @example
 * catch (err) { throw preparedStatementsUnsupported(err, "driver-pg", "pass `prepare: false` to pgDriver") ?? err; }
 */
export function preparedStatementsUnsupported(
  err: unknown,
  driver: string,
  fix: string,
  sqlState: unknown = (err as { code?: unknown } | null)?.code,
): TributaryError | undefined {
  if (typeof sqlState !== "string" || !PREPARED_STATEMENT_SQLSTATES.has(sqlState)) return undefined;
  const serverMessage = (err as { message?: unknown } | null)?.message;
  return new TributaryError(
    "PREPARED_STATEMENTS_UNSUPPORTED",
    `${driver}: the server lost a prepared statement or already had one of that name (SQLSTATE ${sqlState}` +
      `${typeof serverMessage === "string" ? `: ${serverMessage}` : ""}), which happens behind a connection pooler ` +
      `in transaction mode (PgBouncer before 1.21, Supavisor, RDS Proxy); ${fix}`,
    { cause: err },
  );
}
