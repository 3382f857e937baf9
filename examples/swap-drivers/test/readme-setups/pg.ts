// driver-pg's README set-up, verbatim between the markers, run through a server restart.
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { runThroughRestart } from "./through-restart.js";

// README:begin
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
// A connection that dies while idle (a restart, a failover) emits "error": without a
// listener node-postgres throws it and the process exits. The pool replaces the connection.
pool.on("error", (err) => console.warn("idle connection error:", err.message));
const driver = pgDriver<pg.PoolClient>(pool);
// README:end

await runThroughRestart({
  driver,
  async transaction(work) {
    const conn = await pool.connect();
    try {
      await conn.query("BEGIN");
      await work(conn);
      await conn.query("COMMIT");
    } catch (err) {
      await conn.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  },
  close: () => pool.end(),
});
