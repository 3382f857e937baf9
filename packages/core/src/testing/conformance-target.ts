import type { Driver } from "../driver/driver.js";

/** What a driver package hands the conformance suite. */
export interface ConformanceTarget<TTx> {
  /** Shown in test names, e.g. `"drizzle/node-postgres"`. */
  name: string;
  /**
   * The library has one connection (PGlite): a read on the pool waits for an open transaction
   * to end, so the suite skips reads made from outside a transaction while it is open.
   */
  singleConnection?: boolean;
  /**
   * Builds the driver on a fresh instance of the library connected to `databaseUrl`.
   * Every test calls this once and `teardown()` after.
   */
  setup(databaseUrl: string): Promise<ConformanceFixture<TTx>>;
}

export interface ConformanceFixture<TTx> {
  driver: Driver<TTx>;
  /**
   * Runs `fn` inside one of the library's own native transactions, the way an application
   * would (`db.transaction(async (tx) => …)`, `sql.begin`, `BEGIN`/`COMMIT` on a pg client …).
   * Commits when `fn` resolves, rolls back and rethrows when it throws.
   */
  inTransaction<T>(fn: (tx: TTx) => Promise<T>): Promise<T>;
  /** Closes everything `setup` opened. */
  teardown(): Promise<void>;
}
