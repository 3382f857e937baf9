// The pattern on node-postgres: insert, assert, work and roll back inside the test's own transaction.
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { requireInsertedTx, requireManyInserted, requireNotInserted, workJob } from "../../src/index.js";
import { accountWorkers, auditEvent, onUserCreated, recordingMailer, welcomeEmail } from "../src/accounts.js";

let schema: IsolatedSchema;
let pool: pg.Pool;
let client: Client<pg.PoolClient>;
const mailer = recordingMailer();

beforeAll(async () => {
  schema = await createIsolatedSchema("example_pg");
  pool = new pg.Pool({ connectionString: urlWithSearchPath(schema.url, schema.name) });
  await migrate(pgDriver(pool), { schema: schema.name });
  await pool.query("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)");
  client = new Client({ driver: pgDriver(pool), schema: schema.name, workers: accountWorkers(mailer) });
});

afterAll(async () => {
  await pool.end();
  await schema.drop();
});

/** Runs `fn` in a transaction that is always rolled back: the test leaves nothing behind. */
async function inTestTransaction(fn: (tx: pg.PoolClient) => Promise<void>): Promise<void> {
  const tx = await pool.connect();
  try {
    await tx.query("BEGIN");
    await fn(tx);
  } finally {
    await tx.query("ROLLBACK");
    tx.release();
  }
}

it("a sign-up enqueues its welcome email in the same transaction, and the worker sends it", async () => {
  await inTestTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: number }>("INSERT INTO users (email) VALUES ($1) RETURNING id", ["ada@example.com"]);
    const user = { id: rows[0]!.id, email: "ada@example.com" };
    await client.withTx(tx, () => onUserCreated(client, user));

    const queued = await requireInsertedTx(client, tx, welcomeEmail, { args: { userId: user.id }, queue: "mail" });
    const { outcome, job } = await client.workJobNow(queued.id, { tx });
    expect(outcome).toBe("completed");
    expect(job.output).toEqual({ messageId: expect.stringMatching(/^msg-/) });
    await requireManyInserted(client, [{ job: auditEvent, args: { event: "user_created" } }, { job: auditEvent, args: { event: "welcome_sent" } }], { tx });
  });
  // Rolled back: the user, the jobs and their outcomes are gone.
  await requireNotInserted(client, welcomeEmail);
  expect((await pool.query("SELECT count(*)::int AS n FROM users")).rows[0].n).toBe(0);
});

it("workJob tests the worker alone: a bounce fails the attempt and is recorded for the retry", async () => {
  await inTestTransaction(async (tx) => {
    const { outcome, job } = await workJob(client, welcomeEmail, { userId: 7, email: "eve@bounce.example" }, { tx });
    expect(outcome).toBe("failed");
    expect(job.errors.map((e) => e.error)).toEqual(["eve@bounce.example bounced"]);
    await requireNotInserted(client, auditEvent, { tx });
  });
});
