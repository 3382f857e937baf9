/**
 * The few parts of Drizzle and of the clients under it that the driver touches, declared
 * structurally so the driver never imports `drizzle-orm`, `pg`, `postgres` or
 * `@electric-sql/pglite`: the user's own copies are what run.
 */

/**
 * A Drizzle PostgreSQL database (`drizzle(pool)`, `drizzle(sql)`, `drizzle(pglite)`) or one of
 * its transactions. `_.session` is public in Drizzle's types; its class names which client is
 * underneath.
 */
export interface DrizzleDatabaseLike {
  readonly _: { readonly session: unknown };
  // `any` so that every Drizzle database's generic
  // `transaction<T>(fn: (tx: PgTransaction<…>) => Promise<T>, config?)` fits; the precise
  // transaction type is read back from the user's own database type by `DrizzleTx`.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  transaction(fn: (tx: any) => Promise<any>, config?: any): Promise<any>;
}

/**
 * The transaction type of a Drizzle database: what `db.transaction(async (tx) => …)` hands
 * its callback, so `client.insertTx(tx, …)` accepts exactly that `tx`.
 */
export type DrizzleTx<TDb extends DrizzleDatabaseLike> = Parameters<Parameters<TDb["transaction"]>[0]>[0];

/** A Drizzle session: `client` is the pool, connection or transaction it runs SQL on. */
export interface DrizzleSessionLike {
  readonly client?: unknown;
}

/** A node-postgres `Pool`, `PoolClient` or `Client`. */
export interface NodePgQueryableLike {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** pg ≥ 8.12: `'I'` idle, `'T'` in a transaction, `'E'` in a failed transaction. */
  getTransactionStatus?(): string | null;
}

/** A postgres.js `Sql` or `TransactionSql`. */
export interface PostgresJsQueryableLike {
  unsafe(query: string, params?: unknown[]): PromiseLike<ArrayLike<Record<string, unknown>>>;
  listen?(
    channel: string,
    onNotify: (payload: string) => void,
    onListen?: () => void,
  ): Promise<{ unlisten(): Promise<unknown> }>;
}

/** A `PGlite` instance or the transaction object `pglite.transaction` hands its callback. */
export interface PgliteLike {
  query(query: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** On a transaction: true once it committed or rolled back; on an instance: true once closed. */
  readonly closed?: boolean;
  /** `channel` is used verbatim in `LISTEN`, so a dotted name must arrive quoted. */
  listen?(channel: string, callback: (payload: string) => void): Promise<unknown>;
  unlisten?(channel: string, callback?: (payload: string) => void): Promise<void>;
}
