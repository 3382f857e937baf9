// node-postgres: a pg.Pool; the transaction is a pooled client on which BEGIN ran.
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { exampleTarget, runExample } from "./run-example.js";

const target = exampleTarget("pg");
const pool = new pg.Pool({ connectionString: target.url });
// Idle connections that die (a server restart) emit "error"; without a listener the process would exit.
pool.on("error", () => {});

await runExample({
  ...target,
  driver: pgDriver<pg.PoolClient>(pool),
  shop: {
    async transaction(work) {
      const conn = await pool.connect();
      try {
        await conn.query("BEGIN");
        await work(conn);
        await conn.query("COMMIT");
      } catch (err) {
        await conn.query("ROLLBACK");
        throw err;
      } finally {
        conn.release();
      }
    },
    insertOrder: async (tx, order) => (await tx.query("INSERT INTO orders (email) VALUES ($1) RETURNING id", [order.email])).rows[0].id,
    orderIds: async () => (await pool.query("SELECT id FROM orders ORDER BY id")).rows.map((row) => row.id),
  },
  close: () => pool.end(),
});
