// The application's job code. Nothing in this file knows which database library runs it:
// the five `with-*.ts` entry points hand it a Client built on their own driver.
import { type Client, defineJob, type JobRow, type JobState, type Workers } from "@tributary/core";

/** Sent once an order is committed. */
export const sendReceipt = defineJob<{ orderId: number; email: string }>("send_receipt", { maxAttempts: 5 });

/** A receipt the worker "sent" (kept in memory: this example has no mail server). */
export interface SentReceipt {
  orderId: number;
  email: string;
}

/** The queues this example works. */
export const queues = { default: { maxWorkers: 2 } } as const;

/** The workers, writing what they send to `outbox`. */
export function createWorkers(outbox: SentReceipt[]): Workers {
  return {
    [sendReceipt.kind]: async (job: JobRow<{ orderId: number; email: string }>) => {
      outbox.push({ orderId: job.args.orderId, email: job.args.email });
    },
  };
}

/**
 * What the scenario needs from the application's own database library — the only part that
 * differs between the entry points. `TTx` is the library's native transaction object, the same
 * type the driver's `client.insertTx(tx, …)` accepts.
 */
export interface Shop<TTx> {
  /** Runs `work` in one native transaction: commits when it resolves, rolls back when it throws. */
  transaction(work: (tx: TTx) => Promise<void>): Promise<void>;
  /** Writes an order in the library's own idiom, inside `tx`; returns its id. */
  insertOrder(tx: TTx, order: { email: string }): Promise<number>;
  /** The committed orders' ids. */
  orderIds(): Promise<number[]>;
}

/** What the scenario observed: identical for every driver. */
export interface ScenarioResult {
  orderIds: number[];
  jobs: { kind: string; state: JobState; attempt: number; args: unknown }[];
  jobsByState: Partial<Record<JobState, number>>;
  receiptsSent: SentReceipt[];
}

class RolledBack extends Error {}

/**
 * One order committed with its receipt job, one rolled back with its job; then the workers
 * run and the committed job completes. The client must have been built with `createWorkers(outbox)`.
 */
export async function runScenario<TTx>(client: Client<TTx>, shop: Shop<TTx>, outbox: SentReceipt[]): Promise<ScenarioResult> {
  let committedJobId = "";
  await shop.transaction(async (tx) => {
    const orderId = await shop.insertOrder(tx, { email: "ada@example.com" });
    const { job } = await client.insertTx(tx, sendReceipt, { orderId, email: "ada@example.com" });
    committedJobId = job.id;
  });

  try {
    await shop.transaction(async (tx) => {
      const orderId = await shop.insertOrder(tx, { email: "bob@example.com" });
      await client.insertTx(tx, sendReceipt, { orderId, email: "bob@example.com" });
      throw new RolledBack("payment declined"); // the order and its job go away together
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }

  await client.start();
  try {
    await waitUntilFinalized(client, committedJobId, 15_000);
  } finally {
    await client.stop();
  }

  const jobs = await client.listJobs({ limit: 100 });
  const jobsByState: Partial<Record<JobState, number>> = {};
  for (const job of jobs) jobsByState[job.state] = (jobsByState[job.state] ?? 0) + 1;
  return {
    orderIds: await shop.orderIds(),
    jobs: jobs.map((job) => ({ kind: job.kind, state: job.state, attempt: job.attempt, args: job.args })),
    jobsByState,
    receiptsSent: [...outbox],
  };
}

async function waitUntilFinalized<TTx>(client: Client<TTx>, id: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await client.getJob(id);
    if (job?.finalizedAt) return;
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish within ${timeoutMs} ms (state: ${job?.state ?? "gone"})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
