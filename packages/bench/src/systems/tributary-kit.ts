import type { Driver } from "@tributary/core";

/** How a Tributary system opens its database library. */
export interface KitOptions {
  /** LISTEN for insert notifications (false = the client polls only). */
  listen: boolean;
  /** Connections the library's pool may open. */
  poolSize: number;
}

/**
 * One database library wired to Tributary: the driver, plus the application's own
 * transaction written with that library's API (the thing `insertTx` exists for).
 */
export interface TributaryKit<TTx> {
  driver: Driver<TTx>;
  /**
   * Runs one application transaction with the library's transaction API: inserts a row into
   * `bench_orders`, then calls `enqueue(tx)` when given, then commits.
   */
  businessTransaction(enqueue?: (tx: TTx) => Promise<void>): Promise<void>;
  /** Closes the library's pool. */
  close(): Promise<void>;
}

/** Opens a kit on the database at `dbUrl`. */
export type OpenKit<TTx> = (dbUrl: string, options: KitOptions) => Promise<TributaryKit<TTx>>;

/** The application table of the transactional-insert scenario. */
export const BUSINESS_TABLE_SQL = "CREATE TABLE IF NOT EXISTS bench_orders (id bigserial PRIMARY KEY, note text NOT NULL)";
