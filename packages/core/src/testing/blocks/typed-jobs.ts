// Conformance block: a job's Standard Schema is checked at every insert path and before work, on the driver's own values.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../../client/client.js";
import { defineWorker } from "../../client/define-worker.js";
import { defineJob } from "../../job/job-definition.js";
import type { JobRow } from "../../job/job-row.js";
import type { StandardSchemaIssue, StandardSchemaResult, StandardSchemaV1 } from "../../job/standard-schema.js";
import type { ConformanceContext } from "../conformance-context.js";
import { quietLogger } from "../support/quiet-logger.js";
import { waitFor } from "../support/wait-for.js";

/** What the schema below accepts: `id` an integer as the row holds it (a bigint beyond 2^53), `to` a string. */
type Order = { id: number | bigint; to: string };

/**
 * A Standard Schema written by hand (no validator library in core): `async` answers through a
 * Promise, as an async refinement of zod or valibot does. Its output upper-cases `to`.
 */
function orderSchema(async: boolean): StandardSchemaV1<Order, Order> {
  const validate = (value: unknown): StandardSchemaResult<Order> => {
    const v = value as Record<string, unknown>;
    const issues: StandardSchemaIssue[] = [];
    if (typeof v.id !== "bigint" && !Number.isInteger(v.id)) issues.push({ message: `expected an integer, got ${typeof v.id}`, path: ["id"] });
    if (typeof v.to !== "string") issues.push({ message: `expected a string, got ${typeof v.to}`, path: ["to"] });
    return issues.length ? { issues } : { value: { id: v.id as bigint, to: (v.to as string).toUpperCase() } };
  };
  return { "~standard": { version: 1, vendor: "conformance", validate: async ? async (value) => validate(value) : validate } };
}

/** Typed jobs through the driver: nothing invalid is written, and workers get the schema's output. */
export function typedJobsBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("typed jobs", () => {
    const order = defineJob({ kind: "typed_order", schema: orderSchema(false) });
    const slowOrder = defineJob({ kind: "typed_order_async", schema: orderSchema(true) });
    let client: Client<TTx>;
    const started: Client<TTx>[] = [];
    beforeAll(() => {
      client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
    });
    afterEach(async () => {
      await Promise.all(started.splice(0).map((c) => c.stop({ cancel: true })));
    });

    it("refuses invalid args on insert, insertTx, insertMany and insertManyTx with INVALID_ARGUMENT and the issues, writing nothing", async () => {
      const bad = { id: 1.5, to: 7 } as never;
      for (const job of [order, slowOrder]) {
        await expect(client.insert(job, bad)).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "args", issues: [{ path: ["id"] }, { path: ["to"] }] });
        await expect(client.insertMany([{ job, args: { id: 1, to: "a" } }, { job, args: bad }])).rejects.toMatchObject({ field: "jobs[1].args" });
        await ctx.fx.inTransaction(async (tx) => {
          await expect(client.insertTx(tx, job, bad)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
          await expect(client.insertManyTx(tx, [{ job, args: bad }])).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
        });
      }
      expect(await ctx.countJobs()).toBe(0);
    });

    it("validates what the row holds (a bigint beyond 2^53, a Date as text) and stores that input", async () => {
      const { job } = await client.insert(order, { id: 2n ** 60n, to: "a@example.com" });
      expect(job.args).toEqual({ id: 2n ** 60n, to: "a@example.com" });
      await ctx.fx.inTransaction((tx) => client.insertTx(tx, slowOrder, { id: 3, to: "b" }));
      expect(await ctx.countJobs("kind = 'typed_order_async'")).toBe(1);
      // The schema saw the Date as the row will hold it: text, not a Date object.
      const dated = await client.insert(order, { id: 1, to: new Date(0) as never });
      expect(dated.job.args.to).toBe("1970-01-01T00:00:00.000Z");
    });

    it("hands workers the schema's output and fails, with the issues, the attempt of a stored row it refuses", async () => {
      const seen: JobRow<Order>[] = [];
      const worker = new Client<TTx>({
        driver: ctx.driver,
        schema: ctx.schema,
        logger: quietLogger,
        pollInterval: 250,
        retryPolicy: () => new Date(Date.now() + 3_600_000),
        queues: { default: { maxWorkers: 2 } },
        workers: [
          defineWorker(order, async (job) => {
            seen.push(job);
          }),
        ],
      });
      started.push(worker);
      const { job } = await client.insert(order, { id: 2n ** 60n + 1n, to: "x@example.com" });
      const [raw] = await ctx.sql<{ id: string }>(`INSERT INTO $schema.river_job (kind, args, max_attempts) VALUES ('typed_order', '{"id": "one"}', 3) RETURNING id::text`);
      await worker.start();
      await waitFor("both attempts", async () => seen.length === 1 && (await client.getJob(raw!.id))?.state === "retryable");
      expect(seen[0]!.args).toEqual({ id: 2n ** 60n + 1n, to: "X@EXAMPLE.COM" });
      expect((await client.getJob(job.id))?.args).toEqual({ id: 2n ** 60n + 1n, to: "x@example.com" });
      const refused = await client.getJob(raw!.id);
      expect(refused?.attempt).toBe(1);
      expect(refused?.errors[0]?.error).toMatch(/^args: does not match the schema of "typed_order": id: expected an integer, got string; to: /);
    });
  });
}
