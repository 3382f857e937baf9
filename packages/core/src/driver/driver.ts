/**
 * The seam between Tributary and a database library. Core owns every SQL statement and all
 * queue behaviour; a driver only runs statements on its library's pool, on its library's
 * native transaction object, and (where the library allows) listens for notifications.
 *
 * Core sends parameters as `string`, `number`, `boolean` or `null` only, and casts in SQL
 * (`$1::text::jsonb`, `$2::timestamptz`), so no driver depends on type parsers or
 * serialisers a user may have changed on a shared client.
 */

/** One place to run SQL: a pool, or a caller's transaction. */
export interface Executor {
  /**
   * Runs one statement with `$1..$n` placeholders and returns its rows as plain objects
   * keyed by column name. Column values are whatever the library returns: core's SQL
   * selects text (or JSON text) so every library returns the same JavaScript values.
   */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** A connection dedicated to LISTEN, kept out of the pool while it listens. */
export interface Listener {
  /** Opens the connection (idempotent). */
  connect(): Promise<void>;
  /** LISTENs on `channel` (exact name, not quoted by the caller); `onNotification` gets each payload. */
  listen(channel: string, onNotification: (payload: string) => void): Promise<void>;
  /** Stops listening on `channel`. */
  unlisten(channel: string): Promise<void>;
  /**
   * Called after the listener lost its connection and listens again, so the client can
   * fetch whatever it may have missed while it was deaf.
   */
  onReconnect?(handler: () => void): void;
  /** Releases the connection. */
  close(): Promise<void>;
}

/** What a driver can do beyond the required methods, stated instead of probed. */
export interface DriverCapabilities {
  /** The driver can LISTEN (its `listener()` returns a working Listener). */
  readonly listen: boolean;
}

/**
 * A database library adapted for Tributary. `TTx` is the library's own transaction type
 * (a `pg.PoolClient`, a postgres.js `TransactionSql`, a Drizzle `tx`, …), so
 * `client.insertTx(tx, …)` accepts exactly what the user's library hands them.
 */
export interface Driver<TTx> {
  /** A short name for logs, e.g. `"pg"` or `"drizzle/node-postgres"`. */
  readonly name: string;
  readonly capabilities: DriverCapabilities;
  /** An executor on the library's pool; each call may use a different connection. */
  executor(): Executor;
  /**
   * An executor that runs on the caller's open transaction. Throws a `TributaryError`
   * with code `INVALID_TRANSACTION` when `tx` is not one of the library's transaction objects.
   */
  unwrapTx(tx: TTx): Executor;
  /** Runs `fn` inside a transaction of the driver's own (BEGIN … COMMIT, ROLLBACK on throw). */
  transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T>;
  /** A dedicated LISTEN connection; absent when the library cannot listen (the client polls). */
  listener?(): Listener;
  /** Releases what the driver itself opened (never the user's pool). */
  close?(): Promise<void>;
}

/** The transaction type of a driver. */
export type DriverTx<D> = D extends Driver<infer TTx> ? TTx : never;
