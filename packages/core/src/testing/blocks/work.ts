// Conformance block: a working client fetches, runs, completes, wakes on notifications and cancels.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../../client/client.js";
import type { ClientConfig } from "../../config/client-config.js";
import type { ConformanceContext } from "../conformance-context.js";
import { quietLogger } from "../support/quiet-logger.js";
import { Rollback } from "../support/rollback.js";
import { waitFor } from "../support/wait-for.js";

/** A business write that fails after completeTx, so its transaction rolls back. */
class BusinessWriteFailed extends Error {
  constructor() {
    super("business write failed");
  }
}

/** Working clients on the driver: the job life the driver carries, end to end. */
export function workBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("work", () => {
    let client: Client<TTx>;
    const workers: Client<TTx>[] = [];
    const workingClient = (config: Partial<ClientConfig<TTx>>): Client<TTx> => {
      const c = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger, pollInterval: 250, ...config });
      workers.push(c);
      return c;
    };
    beforeAll(() => {
      client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
    });
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((c) => c.stop({ cancel: true })));
    });

    it("works jobs: completes them, retries a failure, records its error", async () => {
      let failOnce = true;
      const worker = workingClient({
        retryPolicy: () => new Date(Date.now() + 10),
        queues: { default: { maxWorkers: 5 } },
        workers: {
          ok: async () => {},
          flaky: async () => {
            if (failOnce) {
              failOnce = false;
              throw new Error("first attempt fails");
            }
          },
        },
      });
      await client.insertMany([...Array.from({ length: 20 }, () => ({ kind: "ok", args: {} })), { kind: "flaky", args: {} }]);
      await worker.start();
      await waitFor("21 completed", async () => (await ctx.countJobs("state = 'completed'")) === 21);
      const [flaky] = await worker.listJobs({ kind: "flaky" });
      expect(flaky).toMatchObject({ attempt: 2, state: "completed", attemptedBy: [worker.id, worker.id] });
      expect(flaky!.errors).toEqual([{ at: expect.any(Date), attempt: 1, error: "first attempt fails", trace: expect.stringContaining("Error") }]);
      expect(flaky!.finalizedAt).toBeInstanceOf(Date);
    });

    it("a committed insertTx wakes a worker; a rolled-back one is never worked", async () => {
      const seen: string[] = [];
      const worker = workingClient({ pollInterval: 400, queues: { default: { maxWorkers: 2 } }, workers: { wake: async (job) => void seen.push(String(job.args.which)) } });
      await worker.start();
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          await client.insertTx(tx, "wake", { which: "rolled-back" });
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      const started = Date.now();
      await ctx.fx.inTransaction((tx) => client.insertTx(tx, "wake", { which: "committed" }));
      await waitFor("the committed job worked", async () => seen.includes("committed"), 5_000);
      expect(Date.now() - started).toBeLessThan(ctx.driver.listener ? 1_000 : 2_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual(["committed"]);
    });

    it("completeTx completes a running job with the transaction, and not without it", async () => {
      const attempts: number[] = [];
      const worker = workingClient({
        retryPolicy: () => new Date(Date.now() + 10),
        queues: { default: { maxWorkers: 1 } },
        workers: {
          tx_complete: async (job, work) => {
            attempts.push(job.attempt);
            const c = work.client as Client<TTx>;
            await ctx.fx.inTransaction(async (tx) => {
              const done = await c.completeTx(tx, job);
              expect(done?.state).toBe("completed");
              if (job.attempt === 1) throw new BusinessWriteFailed();
            });
          },
        },
      });
      const { job } = await client.insert("tx_complete", {});
      await worker.start();
      await waitFor("completed", async () => (await client.getJob(job.id))?.state === "completed");
      expect(attempts).toEqual([1, 2]);
      const row = (await client.getJob(job.id))!;
      expect(row.errors.map((e) => e.error)).toEqual(["business write failed"]);
    });

    it("cancelJob ends a running job cancelled and aborts its signal", async () => {
      let aborted = false;
      const worker = workingClient({
        queues: { default: { maxWorkers: 1 } },
        workers: {
          long: (_job, work) =>
            new Promise((_resolve, reject) => {
              work.signal.addEventListener("abort", () => {
                aborted = true;
                reject(work.signal.reason);
              });
            }),
        },
      });
      const { job } = await client.insert("long", {});
      await worker.start();
      await waitFor("running", async () => (await client.getJob(job.id))?.state === "running");
      await client.cancelJob(job.id); // another client: reaches the worker by notification or polling
      await waitFor("cancelled", async () => (await client.getJob(job.id))?.state === "cancelled");
      expect(aborted).toBe(true);
      const waiting = await client.insert("long", {}, { scheduledAt: new Date(Date.now() + 60_000) });
      expect((await client.cancelJob(waiting.job.id)).state).toBe("cancelled");
    });
  });
}
