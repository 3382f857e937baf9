// Drizzle on node-postgres: the transaction is the `tx` of `db.transaction`.
import { drizzleDriver } from "@tributary/driver-drizzle";
import { drizzle } from "drizzle-orm/node-postgres";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import pg from "pg";
import { exampleTarget, runExample } from "./run-example.js";

const orders = pgTable("orders", { id: serial().primaryKey(), email: text().notNull() });

const target = exampleTarget("drizzle");
const pool = new pg.Pool({ connectionString: target.url });
// Idle connections that die (a server restart) emit "error"; without a listener the process would exit.
pool.on("error", () => {});
const db = drizzle(pool);

await runExample({
  ...target,
  driver: drizzleDriver(db),
  shop: {
    transaction: (work) => db.transaction(work),
    insertOrder: async (tx, order) => (await tx.insert(orders).values(order).returning({ id: orders.id }))[0]!.id,
    orderIds: async () => (await db.select({ id: orders.id }).from(orders).orderBy(orders.id)).map((row) => row.id),
  },
  close: () => pool.end(),
});
