// The reindexer where it cannot work (PGlite: one statement at a time): off, said once, nothing run.
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Executor } from "../src/driver/driver.js";
import { Reindexer } from "../src/maintenance/reindexer.js";
import { migrate } from "../src/migrate/index.js";
import { schemaTables } from "../src/sql/schema-tables.js";
import { capturingLogger } from "./support/maintenance-fixtures.js";

let db: PGlite;
const executed: string[] = [];

function pgliteExecutor(): Executor {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      executed.push(sql);
      return (await db.query(sql, params ? [...params] : undefined)).rows as R[];
    },
  };
}

beforeAll(async () => {
  db = new PGlite();
  await migrate(
    {
      name: "test-pglite",
      executor: pgliteExecutor,
      unwrapTx: () => {
        throw new Error("no native transactions");
      },
      transaction: async (fn) => db.transaction((tx) => fn({ query: async (sql, params) => (await tx.query(sql, params ? [...params] : undefined)).rows as never })),
    },
    { schema: "public", logger: capturingLogger() },
  );
}, 60_000);

afterAll(async () => {
  await db.close();
});

it("on PGlite the reindexer is off with one log line and runs no REINDEX", async () => {
  const logger = capturingLogger();
  const reindexer = new Reindexer({ executor: pgliteExecutor, tables: schemaTables("public"), logger, settings: { intervalMs: 86_400_000, timeoutMs: 60_000 } });
  executed.length = 0;
  expect(await reindexer.runOnce()).toBe(0);
  expect(await reindexer.runOnce()).toBe(0);
  expect(logger.entries).toHaveLength(1);
  expect(logger.entries[0]!.message).toMatch(/reindexer: off on this database: PGlite runs one statement at a time/);
  expect(executed.filter((sql) => /REINDEX/.test(sql))).toEqual([]);
}, 30_000);
