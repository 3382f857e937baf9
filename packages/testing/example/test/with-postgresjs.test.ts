// The pattern on postgres.js: insert, assert, work and roll back inside the test's own transaction.
import { Client, migrate } from "@tributary/core";
import { postgresjsDriver } from "@tributary/driver-postgresjs";
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { requireInsertedTx, requireManyInserted, requireNotInserted, workJob } from "../../src/index.js";
import { accountWorkers, auditEvent, onUserCreated, recordingMailer, welcomeEmail } from "../src/accounts.js";

let schema: IsolatedSchema;
let sql: postgres.Sql;
let client: Client<postgres.TransactionSql>;
const mailer = recordingMailer();

beforeAll(async () => {
  schema = await createIsolatedSchema("example_postgresjs");
  sql = postgres(schema.url, { connection: { search_path: schema.name }, onnotice: () => {} });
  await migrate(postgresjsDriver(sql), { schema: schema.name });
  await sql`CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)`;
  client = new Client({ driver: postgresjsDriver<postgres.TransactionSql>(sql), schema: schema.name, workers: accountWorkers(mailer) });
});

afterAll(async () => {
  await sql.end({ timeout: 5 });
  await schema.drop();
});

/** Thrown at the end of the test's transaction so that `sql.begin` rolls it back. */
class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back: the test leaves nothing behind. */
async function inTestTransaction(fn: (tx: postgres.TransactionSql) => Promise<void>): Promise<void> {
  await sql
    .begin(async (tx) => {
      await fn(tx);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
}

it("a sign-up enqueues its welcome email in the same transaction, and the worker sends it", async () => {
  await inTestTransaction(async (tx) => {
    const [row] = await tx<{ id: number }[]>`INSERT INTO users (email) VALUES (${"ada@example.com"}) RETURNING id`;
    const user = { id: row!.id, email: "ada@example.com" };
    await client.withTx(tx, () => onUserCreated(client, user));

    const queued = await requireInsertedTx(client, tx, welcomeEmail, { args: { userId: user.id }, queue: "mail" });
    const { outcome, job } = await client.workJobNow(queued.id, { tx });
    expect(outcome).toBe("completed");
    expect(job.output).toEqual({ messageId: expect.stringMatching(/^msg-/) });
    await requireManyInserted(client, [{ job: auditEvent, args: { event: "user_created" } }, { job: auditEvent, args: { event: "welcome_sent" } }], { tx });
  });
  // Rolled back: the user, the jobs and their outcomes are gone.
  await requireNotInserted(client, welcomeEmail);
  expect((await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users`)[0]!.n).toBe(0);
});

it("workJob tests the worker alone: a bounce fails the attempt and is recorded for the retry", async () => {
  await inTestTransaction(async (tx) => {
    const { outcome, job } = await workJob(client, welcomeEmail, { userId: 7, email: "eve@bounce.example" }, { tx });
    expect(outcome).toBe("failed");
    expect(job.errors.map((e) => e.error)).toEqual(["eve@bounce.example bounced"]);
    await requireNotInserted(client, auditEvent, { tx });
  });
});
