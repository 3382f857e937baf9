// What each README set-up fixture runs: a worker, one job before a server restart and one after it.
import { createInterface } from "node:readline";
import { Client, type Driver, type JobId, migrate } from "@tributary/core";

/** The parts of a README's set-up the harness needs: its driver, its own transaction, its close. */
export interface ReadmeSetup<TTx> {
  driver: Driver<TTx>;
  /** Runs `work` in a transaction of the library, the way its README does. */
  transaction(work: (tx: TTx) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitCompleted<TTx>(client: Client<TTx>, id: JobId, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const job = await client.getJob(id);
      if (job?.state === "completed") return;
    } catch {
      // The server may still be coming back; the next round asks again.
    }
    if (Date.now() > deadline) throw new Error(`job ${String(id)} not completed within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Prints READY once a job inserted through the README's transaction has been worked, then waits for GO
 * on stdin (the test restarts the server in between), inserts and works a second job, and prints
 * DONE with how many transactions it took; SIGTERM stops the client and closes the library.
 */
export async function runThroughRestart<TTx>(setup: ReadmeSetup<TTx>): Promise<void> {
  await migrate(setup.driver);
  const client = new Client({ driver: setup.driver, queues: { default: { maxWorkers: 2 } }, workers: { noop: async () => {} }, pollInterval: 200 });
  await client.start();
  process.once("SIGTERM", () => {
    void (async () => {
      await client.stop({ timeout: 5_000 });
      await setup.close();
      process.exit(0);
    })();
  });

  const insertOne = async (): Promise<{ id: JobId; attempts: number }> => {
    for (let attempt = 1; ; attempt++) {
      try {
        let id: JobId | undefined;
        await setup.transaction(async (tx) => {
          id = (await client.insertTx(tx, "noop", {})).job.id;
        });
        return { id: id!, attempts: attempt };
      } catch (err) {
        // A connection that died in the restart may fail one transaction; the application retries it.
        if (attempt >= 5) throw err;
        await sleep(300);
      }
    }
  };

  await waitCompleted(client, (await insertOne()).id, 15_000);
  process.stdout.write("READY\n");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line.trim() === "GO") break;
  const second = await insertOne();
  await waitCompleted(client, second.id, 20_000);
  process.stdout.write(`DONE ${second.attempts}\n`);
}
