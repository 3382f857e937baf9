// What a driver package hands the conformance suite: how to build its driver and what to probe it with.
import type { Driver } from "../driver/driver.js";

/** What a driver package hands the conformance suite. */
export interface ConformanceTarget<TTx> {
  /** Shown in test names, e.g. `"drizzle/node-postgres"`. */
  name: string;
  /**
   * The library has one connection (PGlite): a read on the pool waits for an open transaction
   * to end, so the suite skips reads made from outside a transaction while it is open, and
   * there is no listener backend to terminate.
   */
  singleConnection?: boolean;
  /**
   * Why the driver, as this target builds it, has no `listener()` (e.g. `"listen: false"`, or
   * `"Prisma cannot LISTEN and no listener option was given"`). The listener block is skipped
   * with this reason. Leave it out for a driver that listens: the block then requires a listener.
   */
  noListener?: string;
  /**
   * Builds the driver on a fresh instance of the library connected to `databaseUrl`.
   * Called once per run of the suite; `teardown()` is called at its end.
   */
  setup(databaseUrl: string): Promise<ConformanceFixture<TTx>>;
}

/** Connection counts of the pool a driver's listener takes its connection from. */
export interface PoolStats {
  /** Connections the pool holds open. */
  total: number;
  /** Of those, the ones waiting in the pool, not checked out. */
  idle: number;
}

export interface ConformanceFixture<TTx> {
  driver: Driver<TTx>;
  /**
   * The library's root object, which an application may pass where a transaction belongs by
   * mistake: the `pg.Pool`, the postgres.js `sql`, the `Kysely` or Drizzle `db`, the `PrismaClient`.
   */
  root: unknown;
  /**
   * Runs `fn` inside one of the library's own native transactions, the way an application
   * would (`db.transaction(async (tx) => …)`, `sql.begin`, `BEGIN`/`COMMIT` on a pg client …).
   * Commits when `fn` resolves, rolls back and rethrows when it throws.
   */
  inTransaction<T>(fn: (tx: TTx) => Promise<T>): Promise<T>;
  /**
   * The counts of the pool the listener takes its connection from, so the suite can check
   * that a listener gives back what it took. Leave it out when the library listens outside
   * any pool it counts (postgres.js keeps one listen connection of its own; PGlite has one).
   */
  poolStats?(): PoolStats;
  /** Closes everything `setup` opened. */
  teardown(): Promise<void>;
}
