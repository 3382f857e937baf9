// The pattern on Drizzle (node-postgres): insert, assert, work and roll back inside the test's own transaction.
import { Client, migrate } from "@tributary/core";
import { drizzleDriver } from "@tributary/driver-drizzle";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import { TransactionRollbackError } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { requireInsertedTx, requireManyInserted, requireNotInserted, workJob } from "../../src/index.js";
import { accountWorkers, auditEvent, onUserCreated, recordingMailer, welcomeEmail } from "../src/accounts.js";

const users = pgTable("users", { id: serial().primaryKey(), email: text().notNull() });

let schema: IsolatedSchema;
let pool: pg.Pool;
let db: ReturnType<typeof drizzle>;
type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];
let client: Client<Tx>;
const mailer = recordingMailer();

beforeAll(async () => {
  schema = await createIsolatedSchema("example_drizzle");
  pool = new pg.Pool({ connectionString: urlWithSearchPath(schema.url, schema.name) });
  db = drizzle(pool);
  await migrate(drizzleDriver(db), { schema: schema.name });
  await pool.query("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)");
  client = new Client({ driver: drizzleDriver(db), schema: schema.name, workers: accountWorkers(mailer) });
});

afterAll(async () => {
  await pool.end();
  await schema.drop();
});

/** Runs `fn` in a transaction that is always rolled back (`tx.rollback()`): the test leaves nothing behind. */
async function inTestTransaction(fn: (tx: Tx) => Promise<void>): Promise<void> {
  await db
    .transaction(async (tx) => {
      await fn(tx);
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof TransactionRollbackError)) throw err;
    });
}

it("a sign-up enqueues its welcome email in the same transaction, and the worker sends it", async () => {
  await inTestTransaction(async (tx) => {
    const [row] = await tx.insert(users).values({ email: "ada@example.com" }).returning({ id: users.id });
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
  expect(await db.select().from(users)).toEqual([]);
});

it("workJob tests the worker alone: a bounce fails the attempt and is recorded for the retry", async () => {
  await inTestTransaction(async (tx) => {
    const { outcome, job } = await workJob(client, welcomeEmail, { userId: 7, email: "eve@bounce.example" }, { tx });
    expect(outcome).toBe("failed");
    expect(job.errors.map((e) => e.error)).toEqual(["eve@bounce.example bounced"]);
    await requireNotInserted(client, auditEvent, { tx });
  });
});
