// Conformance block: River's job features (output, metadata, river:log, resumable steps) written and read through the driver.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../../client/client.js";
import type { ClientConfig } from "../../config/client-config.js";
import type { ConformanceContext } from "../conformance-context.js";
import { quietLogger } from "../support/quiet-logger.js";
import { waitFor } from "../support/wait-for.js";

/** Output, worker metadata, persisted logs and resumable steps, with River's keys and shapes. */
export function jobFeaturesBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("job features", () => {
    let client: Client<TTx>;
    const workers: Client<TTx>[] = [];
    const workingClient = (config: Partial<ClientConfig<TTx>>): Client<TTx> => {
      const c = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger, pollInterval: 100, ...config });
      workers.push(c);
      return c;
    };
    const metadataText = async (id: string) =>
      (await ctx.sql<{ m: string }>("SELECT metadata::text AS m FROM $schema.river_job WHERE id = $1::bigint", [id]))[0]!.m;
    beforeAll(() => {
      client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
    });
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((c) => c.stop({ cancel: true })));
    });

    it("records output, metadata and one river:log entry per attempt, in River's shapes, whatever the outcome", async () => {
      const worker = workingClient({
        retryPolicy: () => new Date(Date.now() + 10),
        queues: { default: { maxWorkers: 1 } },
        workers: {
          features: async (job, c) => {
            c.recordOutput({ total: 9007199254740993n, attempt: job.attempt });
            c.setMetadata({ progress: job.attempt });
            c.logger.info({ step: "a" }, `attempt ${job.attempt}`);
            if (job.attempt === 1) throw new Error("first attempt fails");
          },
        },
      });
      const { job } = await client.insert("features", {});
      await worker.start();
      await waitFor("completed", async () => (await client.getJob(job.id))?.state === "completed");
      const done = (await client.getJob(job.id))!;
      expect(done.output).toEqual({ total: 9007199254740993n, attempt: 2 });
      expect(done.metadata.progress).toBe(2);
      expect(done.metadata["river:log"]).toEqual([
        { attempt: 1, log: 'INFO attempt 1 {"step":"a"}' },
        { attempt: 2, log: 'INFO attempt 2 {"step":"a"}' },
      ]);
      // The output is stored as the raw JSON value, the big integer exact.
      expect(await ctx.sql<{ o: string }>("SELECT (metadata->'output')::text AS o FROM $schema.river_job WHERE id = $1::bigint", [job.id])).toEqual([
        { o: '{"total": 9007199254740993, "attempt": 2}' },
      ]);
    });

    it("reads output, logs and resumable steps that River's Go workers wrote, and resumes from them", async () => {
      const [{ id }] = (await ctx.sql<{ id: string }>(
        `INSERT INTO $schema.river_job (kind, args, max_attempts, attempt, metadata) VALUES ('resume', '{}', 25, 1,
          '{"output": {"n": 1}, "river:log": [{"attempt": 1, "log": "from go"}], "river:resumable_step": "two",
            "river:resumable_cursor": {"two": {"page": 7}}}'::jsonb) RETURNING id::text AS id`,
      )) as [{ id: string }];
      expect((await client.getJob(id))!.output).toEqual({ n: 1 });
      const ran: string[] = [];
      const worker = workingClient({
        queues: { default: { maxWorkers: 1 } },
        workers: {
          resume: async (_job, c) => {
            await c.step("one", async () => void ran.push("one"));
            await c.step("two", async (cursor) => void ran.push(`two from ${JSON.stringify(cursor)}`));
            await c.step("three", async () => void ran.push("three"));
            c.logger.info("done");
          },
        },
      });
      await worker.start();
      await waitFor("completed", async () => (await client.getJob(id))?.state === "completed");
      // "one" finished in Go's attempt; "two" had a cursor, so it runs again from it.
      expect(ran).toEqual(['two from {"page":7}', "three"]);
      expect((await client.getJob(id))!.metadata["river:log"]).toEqual([
        { attempt: 1, log: "from go" },
        { attempt: 2, log: "INFO done" },
      ]);
    });

    it("a failed attempt stores River's step keys; the retry skips finished steps and gets their values back", async () => {
      const ran: string[] = [];
      const worker = workingClient({
        retryPolicy: () => new Date(Date.now() + 10),
        queues: { default: { maxWorkers: 1 } },
        workers: {
          steps: async (job, c) => {
            const a = await c.step("fetch", async () => {
              ran.push(`fetch@${job.attempt}`);
              return { rows: 3 };
            });
            await c.step("write", async () => {
              ran.push(`write@${job.attempt}:${(a as { rows: number }).rows}`);
              if (job.attempt === 1) {
                c.setCursor({ written: 2 });
                throw new Error("write failed midway");
              }
            });
          },
        },
      });
      const { job } = await client.insert("steps", {});
      await worker.start();
      await waitFor("completed", async () => (await client.getJob(job.id))?.state === "completed");
      expect(ran).toEqual(["fetch@1", "write@1:3", "write@2:3"]);
      const meta = JSON.parse(await metadataText(job.id)) as Record<string, unknown>;
      expect(meta["river:resumable_step"]).toBe("fetch");
      expect(meta["river:resumable_cursor"]).toEqual({ write: { written: 2 } });
    });

    it("a stored step the code never reaches fails the attempt with River's error", async () => {
      const [{ id }] = (await ctx.sql<{ id: string }>(
        `INSERT INTO $schema.river_job (kind, args, max_attempts, metadata) VALUES ('lost_step', '{}', 1, '{"river:resumable_step": "gone"}'::jsonb) RETURNING id::text AS id`,
      )) as [{ id: string }];
      const worker = workingClient({
        queues: { default: { maxWorkers: 1 } },
        workers: { lost_step: async (_job, c) => void (await c.step("only", async () => {})) },
      });
      await worker.start();
      await waitFor("discarded", async () => (await client.getJob(id))?.state === "discarded");
      expect((await client.getJob(id))!.errors[0]!.error).toBe('river: resumable step "gone" not found in Worker');
    });
  });
}
