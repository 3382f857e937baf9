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

/**
 * A database library adapted for Tributary. `TTx` is the library's own transaction type
 * (a `pg.PoolClient`, a postgres.js `TransactionSql`, a Drizzle `tx`, …), so
 * `client.insertTx(tx, …)` accepts exactly what the user's library hands them.
 */
export interface Driver<TTx> {
  /** A short name for logs, e.g. `"pg"` or `"drizzle/node-postgres"`. */
  readonly name: string;
  /** An executor on the library's pool; each call may use a different connection. */
  executor(): Executor;
  /**
   * An executor that runs on the caller's open transaction, so what core writes commits or
   * rolls back with the caller's own writes. It never opens a connection of its own.
   *
   * Anything but a usable transaction is refused with a `TributaryError` of code
   * `INVALID_TRANSACTION`, and nothing is written:
   * - not one of the library's transaction objects (the root pool/database/client, `null`,
   *   a plain object): `unwrapTx` throws at once;
   * - a transaction already committed or rolled back, whether `unwrapTx` is called after its
   *   callback returned or an executor obtained inside it is used again afterwards: the first
   *   query throws, before any statement reaches the database (a library such as postgres.js
   *   would otherwise run it on a pooled connection and autocommit it);
   * - a transaction in which an earlier statement failed (SQLSTATE 25P02): the first query
   *   throws `INVALID_TRANSACTION` instead of the library's raw error.
   * Where the object itself already tells (e.g. pg's transaction status), `unwrapTx` may throw
   * these at once instead of at the first query.
   */
  unwrapTx(tx: TTx): Executor;
  /** Runs `fn` inside a transaction of the driver's own (BEGIN … COMMIT, ROLLBACK on throw). */
  transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T>;
  /**
   * A new Listener on a connection dedicated to LISTEN. Absent when the driver cannot listen
   * or was told not to (`listen: false`): the client then polls. Its presence is the whole
   * statement of the capability; there is no separate flag.
   */
  listener?(): Listener;
  /**
   * Releases what the driver opened itself (e.g. a LISTEN connection it created from a URL),
   * never the user's pool, client or database object. The client calls it when it stops.
   */
  close?(): Promise<void>;
}

/** The transaction type of a driver. */
export type DriverTx<D> = D extends Driver<infer TTx> ? TTx : never;
