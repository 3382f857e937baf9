// The pattern on Kysely: insert, assert, work and roll back inside the test's own (controlled) transaction.
import { Client, migrate } from "@tributary/core";
import { kyselyDriver } from "@tributary/driver-kysely";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import { type Generated, Kysely, PostgresDialect, sql, type Transaction } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { requireInsertedTx, requireManyInserted, requireNotInserted, workJob } from "../../src/index.js";
import { accountWorkers, auditEvent, onUserCreated, recordingMailer, welcomeEmail } from "../src/accounts.js";

interface Database {
  users: { id: Generated<number>; email: string };
}

let schema: IsolatedSchema;
let db: Kysely<Database>;
let client: Client<Transaction<Database>>;
const mailer = recordingMailer();

beforeAll(async () => {
  schema = await createIsolatedSchema("example_kysely");
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: urlWithSearchPath(schema.url, schema.name) }) }) });
  await migrate(kyselyDriver(db), { schema: schema.name });
  await sql`CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)`.execute(db);
  client = new Client({ driver: kyselyDriver(db), schema: schema.name, workers: accountWorkers(mailer) });
});

afterAll(async () => {
  await db.destroy();
  await schema.drop();
});

/** Runs `fn` in a transaction that is always rolled back: the test leaves nothing behind. */
async function inTestTransaction(fn: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
  const trx = await db.startTransaction().execute();
  try {
    await fn(trx);
  } finally {
    await trx.rollback().execute();
  }
}

it("a sign-up enqueues its welcome email in the same transaction, and the worker sends it", async () => {
  await inTestTransaction(async (trx) => {
    const { id } = await trx.insertInto("users").values({ email: "ada@example.com" }).returning("id").executeTakeFirstOrThrow();
    const user = { id, email: "ada@example.com" };
    await client.withTx(trx, () => onUserCreated(client, user));

    const queued = await requireInsertedTx(client, trx, welcomeEmail, { args: { userId: user.id }, queue: "mail" });
    const { outcome, job } = await client.workJobNow(queued.id, { tx: trx });
    expect(outcome).toBe("completed");
    expect(job.output).toEqual({ messageId: expect.stringMatching(/^msg-/) });
    await requireManyInserted(client, [{ job: auditEvent, args: { event: "user_created" } }, { job: auditEvent, args: { event: "welcome_sent" } }], { tx: trx });
  });
  // Rolled back: the user, the jobs and their outcomes are gone.
  await requireNotInserted(client, welcomeEmail);
  expect(await db.selectFrom("users").selectAll().execute()).toEqual([]);
});

it("workJob tests the worker alone: a bounce fails the attempt and is recorded for the retry", async () => {
  await inTestTransaction(async (trx) => {
    const { outcome, job } = await workJob(client, welcomeEmail, { userId: 7, email: "eve@bounce.example" }, { tx: trx });
    expect(outcome).toBe("failed");
    expect(job.errors.map((e) => e.error)).toEqual(["eve@bounce.example bounced"]);
    await requireNotInserted(client, auditEvent, { tx: trx });
  });
});
