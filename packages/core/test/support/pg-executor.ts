import type pg from "pg";
import type { Driver, Executor } from "../../src/driver/driver.js";
import { TributaryError } from "../../src/base/errors.js";

/** An Executor on a pg.Pool, for core's own tests (core must not depend on driver-pg). */
export function poolExecutor(pool: pg.Pool): Executor {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      const result = await pool.query(sql, params ? [...params] : undefined);
      return result.rows as R[];
    },
  };
}

/** A minimal Driver on a pg.Pool (enough for migrate()); no listener, no insertTx. */
export function poolDriver(pool: pg.Pool): Driver<never> {
  return {
    name: "test-pg-pool",
    executor: () => poolExecutor(pool),
    unwrapTx(): Executor {
      throw new TributaryError("INVALID_TRANSACTION", "the test driver has no native transactions");
    },
    async transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
            return (await client.query(sql, params ? [...params] : undefined)).rows as R[];
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
