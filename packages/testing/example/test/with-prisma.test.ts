// The pattern on Prisma 7: insert, assert, work and roll back inside the test's own interactive transaction.
import { PrismaPg } from "@prisma/adapter-pg";
import { Client, migrate } from "@tributary/core";
import { prismaDriver } from "@tributary/driver-prisma";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { requireInsertedTx, requireManyInserted, requireNotInserted, workJob } from "../../src/index.js";
import { type Prisma, PrismaClient } from "../generated/prisma/client.js";
import { accountWorkers, auditEvent, onUserCreated, recordingMailer, welcomeEmail } from "../src/accounts.js";

let schema: IsolatedSchema;
let prisma: PrismaClient;
let client: Client<Prisma.TransactionClient>;
const mailer = recordingMailer();

beforeAll(async () => {
  schema = await createIsolatedSchema("example_prisma");
  // The adapter's `schema` places model queries; raw SQL follows the URL's search_path.
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: urlWithSearchPath(schema.url, schema.name) }, { schema: schema.name }) });
  await migrate(prismaDriver(prisma), { schema: schema.name });
  await prisma.$executeRawUnsafe("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)");
  client = new Client({ driver: prismaDriver(prisma), schema: schema.name, workers: accountWorkers(mailer) });
});

afterAll(async () => {
  await prisma.$disconnect();
  await schema.drop();
});

/** Thrown at the end of the test's transaction so that `$transaction` rolls it back. */
class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back: the test leaves nothing behind. */
async function inTestTransaction(fn: (tx: Prisma.TransactionClient) => Promise<void>): Promise<void> {
  await prisma
    .$transaction(
      async (tx) => {
        await fn(tx);
        throw new Rollback();
      },
      { timeout: 30_000 },
    )
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
}

it("a sign-up enqueues its welcome email in the same transaction, and the worker sends it", async () => {
  await inTestTransaction(async (tx) => {
    const { id } = await tx.user.create({ data: { email: "ada@example.com" } });
    const user = { id, email: "ada@example.com" };
    await client.withTx(tx, () => onUserCreated(client, user));

    const queued = await requireInsertedTx(client, tx, welcomeEmail, { args: { userId: user.id }, queue: "mail" });
    const { outcome, job } = await client.workJobNow(queued.id, { tx });
    expect(outcome).toBe("completed");
    expect(job.output).toEqual({ messageId: expect.stringMatching(/^msg-/) });
    await requireManyInserted(client, [{ job: auditEvent, args: { event: "user_created" } }, { job: auditEvent, args: { event: "welcome_sent" } }], { tx });
  });
  // Rolled back: the user, the jobs and their outcomes are gone.
  await requireNotInserted(client, welcomeEmail);
  expect(await prisma.user.count()).toBe(0);
});

it("workJob tests the worker alone: a bounce fails the attempt and is recorded for the retry", async () => {
  await inTestTransaction(async (tx) => {
    const { outcome, job } = await workJob(client, welcomeEmail, { userId: 7, email: "eve@bounce.example" }, { tx });
    expect(outcome).toBe("failed");
    expect(job.errors.map((e) => e.error)).toEqual(["eve@bounce.example bounced"]);
    await requireNotInserted(client, auditEvent, { tx });
  });
});
