import { pgDriver } from "@tributary/driver-pg";
import type pg from "pg";
import { benchPool } from "./bench-pool.js";
import type { OpenKit } from "./tributary-kit.js";

/** Tributary on node-postgres: a `pg.Pool`, transactions as BEGIN/COMMIT on a pool client. */
export const openPgKit: OpenKit<pg.PoolClient> = async (dbUrl, { listen, poolSize }) => {
  const pool = benchPool(dbUrl, poolSize);
  return {
    driver: pgDriver<pg.PoolClient>(pool, { listen }),
    async businessTransaction(enqueue) {
      const conn = await pool.connect();
      try {
        await conn.query("BEGIN");
        await conn.query("INSERT INTO bench_orders (note) VALUES ($1)", ["order"]);
        if (enqueue) await enqueue(conn);
        await conn.query("COMMIT");
      } catch (err) {
        await conn.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
};
