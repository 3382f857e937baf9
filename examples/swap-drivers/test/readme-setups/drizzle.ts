// driver-drizzle's README set-up, verbatim between the markers, run through a server restart.
import { drizzleDriver } from "@tributary/driver-drizzle";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { runThroughRestart } from "./through-restart.js";

// README:begin
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
// A connection that dies while idle (a restart, a failover) emits "error": without a
// listener node-postgres throws it and the process exits. The pool replaces the connection.
pool.on("error", (err) => console.warn("idle connection error:", err.message));
const db = drizzle(pool);

const driver = drizzleDriver(db);
// README:end

await runThroughRestart({
  driver,
  transaction: (work) => db.transaction(work),
  close: () => pool.end(),
});
