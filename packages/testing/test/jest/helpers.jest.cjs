// The helpers under jest (plain CommonJS, no transform, the package's built CJS entry): run by jest-runner.test.ts.
const assert = require("node:assert");
const { Client, migrate } = require("@tributary/core");
const { pgDriver } = require("@tributary/driver-pg");
const pg = require("pg");
const { requireInsertedTx, requireNotInserted, workJob } = require("../../dist/cjs/index.js");

const schema = `testing_jest_${process.pid}_${Date.now()}`;
let pool;
let client;

/** The test's own transaction, always rolled back. */
async function inRolledBackTx(fn) {
  const tx = await pool.connect();
  try {
    await tx.query("BEGIN");
    await fn(tx);
  } finally {
    await tx.query("ROLLBACK");
    tx.release();
  }
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 2 });
  await migrate(pgDriver(pool), { schema });
  client = new Client({ driver: pgDriver(pool), schema, workers: { greet: async (job, ctx) => ctx.recordOutput(`hello ${job.args.name}`) } });
});

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

test("requireInsertedTx passes, and fails with node:assert's AssertionError naming the difference", async () => {
  await inRolledBackTx(async (tx) => {
    await client.insertTx(tx, "greet", { name: "ada" });
    await requireInsertedTx(client, tx, "greet", { args: { name: "ada" } });
    await expect(requireInsertedTx(client, tx, "greet", { args: { name: "bob" } })).rejects.toThrow(/args\.name: expected 'bob', got 'ada'/);
    await expect(requireInsertedTx(client, tx, "greet", { args: { name: "bob" } })).rejects.toBeInstanceOf(assert.AssertionError);
  });
  await requireNotInserted(client, "greet");
});

test("workJob completes the job inside the rolled-back transaction", async () => {
  await inRolledBackTx(async (tx) => {
    const { outcome, job } = await workJob(client, "greet", { name: "ada" }, { tx });
    expect(outcome).toBe("completed");
    expect(job.output).toBe("hello ada");
  });
});
