// The driver conformance suite on driver-pg: a pg.Pool, listening and polling.
import { runDriverConformance } from "@tributary/core/testing";
import pg from "pg";
import { pgDriver } from "../src/index.js";

/** BEGIN … COMMIT on a pooled client, ROLLBACK on throw: how pg applications write transactions. */
async function withTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const conn = await pool.connect();
  try {
    await conn.query("BEGIN");
    const result = await fn(conn);
    await conn.query("COMMIT");
    return result;
  } catch (err) {
    await conn.query("ROLLBACK");
    throw err;
  } finally {
    conn.release();
  }
}

for (const listen of [true, false]) {
  runDriverConformance<pg.PoolClient>({
    name: listen ? "pg" : "pg (polling)",
    ...(listen ? {} : { noListener: "built with listen: false" }),
    async setup(url) {
      const pool = new pg.Pool({ connectionString: url, max: 8 });
      return {
        driver: pgDriver<pg.PoolClient>(pool, { listen }),
        root: pool,
        inTransaction: (fn) => withTransaction(pool, fn),
        poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount }),
        teardown: () => pool.end(),
      };
    },
  });
}
