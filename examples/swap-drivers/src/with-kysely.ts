// Kysely on node-postgres: the transaction is the `trx` of `db.transaction().execute`.
import { kyselyDriver } from "@tributary/driver-kysely";
import { PgListener } from "@tributary/driver-pg";
import { type Generated, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { exampleTarget, runExample } from "./run-example.js";

interface Database {
  orders: { id: Generated<number>; email: string };
}

const target = exampleTarget("kysely");
const pool = new pg.Pool({ connectionString: target.url });
// Idle connections that die (a server restart) emit "error"; without a listener the process would exit.
pool.on("error", () => {});
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

await runExample({
  ...target,
  driver: kyselyDriver(db, { listener: () => new PgListener(pool) }),
  shop: {
    transaction: (work) => db.transaction().execute(work),
    insertOrder: async (trx, order) => (await trx.insertInto("orders").values(order).returning("id").executeTakeFirstOrThrow()).id,
    orderIds: async () => (await db.selectFrom("orders").select("id").orderBy("id").execute()).map((row) => row.id),
  },
  close: () => db.destroy(),
});
