// driver-kysely's README set-up, verbatim between the markers, run through a server restart.
import { kyselyDriver } from "@tributary/driver-kysely";
import { PgListener } from "@tributary/driver-pg";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { runThroughRestart } from "./through-restart.js";

// The application's own tables, as its Kysely types would list them (none are needed here).
type Database = Record<string, never>;

// README:begin
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
// A connection that dies while idle (a restart, a failover) emits "error": without a
// listener node-postgres throws it and the process exits. The pool replaces the connection.
pool.on("error", (err) => console.warn("idle connection error:", err.message));
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

const driver = kyselyDriver(db, { listener: () => new PgListener(pool) });
// README:end

await runThroughRestart({
  driver,
  transaction: (work) => db.transaction().execute(work),
  close: () => db.destroy(),
});
