// postgres.js: the transaction is the `tx` that `sql.begin` hands its callback.
import { postgresjsDriver } from "@tributary/driver-postgresjs";
import postgres from "postgres";
import { exampleTarget, runExample } from "./run-example.js";

const target = exampleTarget("postgresjs");
const sql = postgres(target.url, { onnotice: () => {} });

await runExample({
  ...target,
  driver: postgresjsDriver<postgres.TransactionSql>(sql),
  shop: {
    transaction: async (work) => void (await sql.begin((tx) => work(tx))),
    insertOrder: async (tx, order) => (await tx<{ id: number }[]>`INSERT INTO orders (email) VALUES (${order.email}) RETURNING id`)[0]!.id,
    orderIds: async () => (await sql<{ id: number }[]>`SELECT id FROM orders ORDER BY id`).map((row) => row.id),
  },
  close: () => sql.end(),
});
