// What only PostgresjsListener must guard against: postgres.js re-LISTENs by itself, even after close().
import postgres from "postgres";
import { afterEach, beforeEach, expect, it } from "vitest";
import { postgresjsDriver } from "../src/index.js";
import { openSqlInSchema, type SqlInSchema } from "./open-sql.js";

let db: SqlInSchema;
/** Another connection, the way a different process would terminate a backend. */
let other: postgres.Sql;

beforeEach(async () => {
  db = await openSqlInSchema("pjs_listen");
  other = postgres(db.schema.url, { max: 1, onnotice: () => {} });
});

afterEach(async () => {
  await other.end({ timeout: 5 });
  await db.close();
});

it("does not call onReconnect after close, when postgres.js reconnects its listen connection", async () => {
  const listener = postgresjsDriver(db.sql).listener!();
  let reconnects = 0;
  listener.onReconnect!(() => {
    reconnects += 1;
  });
  await listener.listen(`${db.schema.name}.river_insert`, () => {});
  await listener.close();
  // postgres.js keeps its listen connection open after the last unlisten: kill it.
  const rows = await other.unsafe(
    "select pid from pg_stat_activity where application_name = $1 and query ~* '^(un)?listen '",
    [db.applicationName],
  );
  expect(rows.length).toBe(1);
  for (const row of rows) await other.unsafe("select pg_terminate_backend($1)", [row["pid"] as number]);
  await new Promise((r) => setTimeout(r, 300));
  expect(reconnects).toBe(0);
});
