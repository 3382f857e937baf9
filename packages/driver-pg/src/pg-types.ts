/**
 * The few node-postgres methods the driver uses, declared structurally so the driver never
 * imports `pg`: the user's own `pg` (any 8.x copy) is what runs.
 */
export interface PgQueryResultLike {
  rows: Record<string, unknown>[];
}

export interface PgNotificationLike {
  channel: string;
  payload?: string | undefined;
}

/** A named (prepared) query config, as `pg` accepts it. */
export interface PgQueryConfigLike {
  name: string;
  text: string;
  values: unknown[];
}

/** A `pg.Client` or a `pg.PoolClient`. */
export interface PgClientLike {
  query(text: string, values?: unknown[]): Promise<PgQueryResultLike>;
  query(config: PgQueryConfigLike): Promise<PgQueryResultLike>;
  /** pg ≥ 8.12: `'I'` idle, `'T'` in a transaction, `'E'` in a failed transaction. */
  getTransactionStatus?(): string | null;
  on(event: "notification", listener: (msg: PgNotificationLike) => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  removeAllListeners?(event?: string): unknown;
}

export interface PgPoolClientLike extends PgClientLike {
  release(err?: Error | boolean): void;
}

/** A `pg.Pool`. */
export interface PgPoolLike {
  query(text: string, values?: unknown[]): Promise<PgQueryResultLike>;
  query(config: PgQueryConfigLike): Promise<PgQueryResultLike>;
  connect(): Promise<PgPoolClientLike>;
}
