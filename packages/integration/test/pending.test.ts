// Insert option `pending: true`: the job waits, unworked, until releaseJobs lets it run.
import { migrate } from "@tributary/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

let ctx: PgTestContext;
beforeEach(async () => {
  ctx = await pgTestContext("pend");
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await ctx.close();
});

const states = async () =>
  (await ctx.query<{ state: string; n: number }>("SELECT state::text, count(*)::int AS n FROM $schema.river_job GROUP BY 1 ORDER BY 1")).map((r) => `${r.state}:${r.n}`);

it("single, small-batch and column-array inserts all store pending; nothing runs until releaseJobs", async () => {
  const worked: string[] = [];
  const client = ctx.client({
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    pollInterval: 100,
    queues: { default: { maxWorkers: 10 } },
    workers: { held: async (job) => void worked.push(job.id) },
  });
  const one = await client.insert("held", {}, { pending: true });
  const few = await client.insertMany(Array.from({ length: 3 }, () => ({ kind: "held", args: {}, opts: { pending: true } })));
  const many = await client.insertMany(Array.from({ length: 150 }, () => ({ kind: "held", args: {}, opts: { pending: true } })));
  expect([one, ...few, ...many].every((r) => r.job.state === "pending")).toBe(true);
  expect(await client.getJob(one.job.id)).toEqual(one.job);
  await client.start();
  await new Promise((r) => setTimeout(r, 400));
  expect(worked).toEqual([]);
  expect(await states()).toEqual(["pending:154"]);
  const released = await client.releaseJobs([one.job.id, few[0]!.job.id]);
  expect(released.sort()).toEqual([one.job.id, few[0]!.job.id].sort());
  // A handler's return comes before its outcome is committed (the completer batches): wait for the rows.
  await waitFor("the released jobs completed", async () => (await states()).includes("completed:2"), 5_000);
  expect(await states()).toEqual(["completed:2", "pending:152"]);
  expect(worked.sort()).toEqual(released.sort());
});

it("pending must be a boolean", async () => {
  const client = ctx.client({});
  await expect(client.insert("x", {}, { pending: "yes" as unknown as boolean })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "opts.pending" });
});
