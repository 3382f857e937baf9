// The helpers under node:test with node:assert only (no vitest in this process): run by node-test-runner.test.ts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { requireInsertedTx, requireNotInserted, workJob } from "../../src/index.js";

let schema: IsolatedSchema;
let pool: pg.Pool;
let client: Client<pg.PoolClient>;

/** The test's own transaction, always rolled back. */
async function inRolledBackTx(fn: (tx: pg.PoolClient) => Promise<void>): Promise<void> {
  const tx = await pool.connect();
  try {
    await tx.query("BEGIN");
    await fn(tx);
  } finally {
    await tx.query("ROLLBACK");
    tx.release();
  }
}

before(async () => {
  schema = await createIsolatedSchema("testing_node_test");
  pool = new pg.Pool({ connectionString: schema.url, max: 2 });
  await migrate(pgDriver(pool), { schema: schema.name });
  client = new Client({ driver: pgDriver(pool), schema: schema.name, workers: { greet: async (job, ctx) => ctx.recordOutput(`hello ${job.args.name}`) } });
});

after(async () => {
  await pool.end();
  await schema.drop();
});

test("requireInsertedTx passes and fails with node:assert's AssertionError", async () => {
  await inRolledBackTx(async (tx) => {
    await client.insertTx(tx, "greet", { name: "ada" });
    await requireInsertedTx(client, tx, "greet", { args: { name: "ada" } });
    await assert.rejects(requireInsertedTx(client, tx, "greet", { args: { name: "bob" } }), (err: unknown) => {
      assert.ok(err instanceof assert.AssertionError);
      assert.match(err.message, /args\.name: expected 'bob', got 'ada'/);
      return true;
    });
  });
  await requireNotInserted(client, "greet");
});

test("workJob completes the job inside the rolled-back transaction", async () => {
  await inRolledBackTx(async (tx) => {
    const { outcome, job } = await workJob(client, "greet", { name: "ada" }, { tx });
    assert.equal(outcome, "completed");
    assert.equal(job.output, "hello ada");
  });
});
