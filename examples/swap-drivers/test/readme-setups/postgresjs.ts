// driver-postgresjs's README set-up, verbatim between the markers, run through a server restart.
import { postgresjsDriver } from "@tributary/driver-postgresjs";
import postgres from "postgres";
import { runThroughRestart } from "./through-restart.js";

// README:begin
const sql = postgres(process.env.DATABASE_URL!);
const driver = postgresjsDriver(sql);
// README:end

await runThroughRestart({
  driver,
  transaction: async (work) => void (await sql.begin((tx) => work(tx))),
  close: () => sql.end(),
});
