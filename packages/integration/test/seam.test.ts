// The extension seam: middleware order and rules, hooks and their error rules, subscribe, diagnostics_channel.
import { subscribe as subscribeChannel, unsubscribe as unsubscribeChannel } from "node:diagnostics_channel";
import { type Middleware, migrate, type Plugin, snooze } from "@tributary/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let ctx: PgTestContext;
beforeEach(async () => {
  ctx = await pgTestContext("seam");
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await ctx.close();
});

const state = async (id: string) => (await ctx.query<{ state: string }>("SELECT state::text FROM $schema.river_job WHERE id = $1", [id]))[0]?.state;
const jobCount = async () => (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM $schema.river_job"))[0]!.n;

/** A middleware that records entering and leaving, for `trace`. */
function tracing(name: string, trace: string[]): Middleware {
  return {
    name,
    async insert(_rows, next) {
      trace.push(`insert:${name}>`);
      const r = await next();
      trace.push(`insert:<${name}`);
      return r;
    },
    async work(_job, _ctx, next) {
      trace.push(`work:${name}>`);
      const r = await next();
      trace.push(`work:<${name}`);
      return r;
    },
  };
}

describe("middleware", () => {
  it("runs client, then plugin, then worker middleware, outermost first, on insert and on work", async () => {
    const trace: string[] = [];
    const plugin: Plugin = { name: "p", middleware: [tracing("plugin", trace)] };
    const client = ctx.client({
      logger: quiet,
      middleware: [tracing("client-1", trace), tracing("client-2", trace)],
      plugins: [plugin],
      queues: { default: { maxWorkers: 1 } },
      workers: {
        job: {
          work: async () => void trace.push("handler"),
          middleware: [tracing("worker", trace)],
        },
      },
    });
    const { job } = await client.insert("job", {});
    expect(trace).toEqual(["insert:client-1>", "insert:client-2>", "insert:plugin>", "insert:<plugin", "insert:<client-2", "insert:<client-1"]);
    trace.length = 0;
    await client.start();
    await waitFor("completed", async () => (await state(job.id)) === "completed", 5_000);
    expect(trace).toEqual([
      "work:client-1>",
      "work:client-2>",
      "work:plugin>",
      "work:worker>",
      "handler",
      "work:<worker",
      "work:<plugin",
      "work:<client-2",
      "work:<client-1",
    ]);
  });

  it("insert middleware may change metadata only: the change is stored, the unique key is untouched, other fields are read-only", async () => {
    const plain = ctx.client({ logger: quiet });
    const key = (await plain.insert("u", { a: 1 }, { unique: { byArgs: true } })).job.uniqueKey;
    await ctx.query("DELETE FROM $schema.river_job");
    const stamping = ctx.client({
      logger: quiet,
      middleware: [
        {
          insert: async (rows, next) => {
            for (const row of rows) row.metadata.tenant = "acme";
            return next();
          },
        },
      ],
    });
    const { job } = await stamping.insert("u", { a: 1 }, { unique: { byArgs: true } });
    const [stored] = await ctx.query<{ metadata: Record<string, unknown>; key: string }>(
      "SELECT metadata, encode(unique_key, 'hex') AS key FROM $schema.river_job WHERE id = $1",
      [job.id],
    );
    expect(stored).toEqual({ metadata: { tenant: "acme" }, key });
    const changingQueue = ctx.client({
      logger: quiet,
      middleware: [
        {
          insert: async (rows, next) => {
            (rows[0] as { queue: string }).queue = "elsewhere";
            return next();
          },
        },
      ],
    });
    await expect(changingQueue.insert("v", {})).rejects.toThrow(TypeError);
    expect(await jobCount()).toBe(1);
  });

  it("a work middleware that does not call next short-circuits with its own result; calling next twice is an error", async () => {
    let handlerRan = false;
    const shortCircuit = ctx.client({
      logger: quiet,
      middleware: [{ work: async () => snooze(60_000) }],
      queues: { default: { maxWorkers: 1 } },
      workers: {
        job: async () => {
          handlerRan = true;
        },
      },
    });
    const { job } = await shortCircuit.insert("job", {});
    await shortCircuit.start();
    await waitFor("snoozed", async () => (await state(job.id)) === "scheduled", 5_000);
    expect(handlerRan).toBe(false);
    await shortCircuit.stop();

    const twice = ctx.client({
      logger: quiet,
      retryPolicy: () => new Date(Date.now() + 3_600_000),
      middleware: [
        {
          name: "greedy",
          work: async (_job, _ctx, next) => {
            await next();
            return next();
          },
        },
      ],
      queues: { default: { maxWorkers: 1 } },
      workers: { again: async () => {} },
    });
    const second = await twice.insert("again", {});
    await twice.start();
    await waitFor("retryable", async () => (await state(second.job.id)) === "retryable", 5_000);
    const [row] = await ctx.query<{ errors: { error: string }[] }>("SELECT errors FROM $schema.river_job WHERE id = $1", [second.job.id]);
    expect(row!.errors[0]!.error).toBe("middleware greedy called next() twice");
  });
});

describe("hooks", () => {
  it("a throwing insertBegin fails the insert and writes nothing", async () => {
    const client = ctx.client({ logger: quiet, hooks: { insertBegin: () => Promise.reject(new Error("no")) } });
    await expect(client.insert("x", {})).rejects.toThrow("no");
    await expect(client.insertMany([{ kind: "x", args: {} }, { kind: "y", args: {} }])).rejects.toThrow("no");
    expect(await jobCount()).toBe(0);
  });

  it("a throwing workBegin fails the attempt; a throwing workEnd is ignored; workEnd sees the handler's error", async () => {
    const ends: unknown[] = [];
    const client = ctx.client({
      logger: quiet,
      retryPolicy: () => new Date(Date.now() + 3_600_000),
      hooks: [
        {
          workBegin: ({ job }) => {
            if (job.kind === "refused") throw new Error("workBegin said no");
          },
        },
        {
          workEnd: ({ job, error }) => {
            ends.push([job.kind, error === undefined ? null : (error as Error).message]);
            throw new Error("ignored");
          },
        },
      ],
      queues: { default: { maxWorkers: 2 } },
      workers: {
        refused: async () => {},
        fine: async () => {},
        failing: async () => {
          throw new Error("handler failed");
        },
      },
    });
    const refused = await client.insert("refused", {});
    const fine = await client.insert("fine", {});
    const failing = await client.insert("failing", {});
    await client.start();
    await waitFor("all three settled", async () => (await state(fine.job.id)) === "completed" && (await state(failing.job.id)) === "retryable", 5_000);
    await waitFor("refused retryable", async () => (await state(refused.job.id)) === "retryable", 5_000);
    expect(ends).toContainEqual(["fine", null]);
    expect(ends).toContainEqual(["failing", "handler failed"]);
    // workBegin threw before the handler: its workEnd did not run, the attempt failed with its error.
    expect(ends.map((e) => (e as string[])[0])).not.toContain("refused");
  });

  it("periodicJobsStart runs when the client becomes leader; a throwing one is ignored", async () => {
    let started = 0;
    const client = ctx.client({
      logger: quiet,
      electionInterval: 100,
      hooks: {
        periodicJobsStart: () => {
          started++;
          throw new Error("ignored");
        },
      },
      periodicJobs: [{ every: 60_000, kind: "tick" }],
      queues: { default: { maxWorkers: 1 } },
      workers: { tick: async () => {} },
    });
    await client.start();
    await waitFor("leader", async () => client.isLeader, 5_000);
    await waitFor("the hook", async () => started === 1, 5_000);
    // The enqueuer carried on: the next run is in the database.
    await waitFor("the next run", async () => (await jobCount()) >= 1, 5_000);
  });
});

describe("subscribe", () => {
  it("delivers job events after commit, drops the oldest for a slow consumer, and ends on stop", async () => {
    const client = ctx.client({ logger: quiet, queues: { default: { maxWorkers: 5 } }, workers: { job: async () => {} } });
    const stream = client.subscribe(["job:completed"], { bufferSize: 5 });
    await client.insertMany(Array.from({ length: 20 }, (_, n) => ({ kind: "job", args: { n } })));
    await client.start();
    await waitFor("20 completed", async () => (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM $schema.river_job WHERE state = 'completed'"))[0]!.n === 20, 5_000);
    await new Promise((r) => setTimeout(r, 50));
    await client.stop();
    const seen = [];
    for await (const event of stream) seen.push(event);
    expect(seen).toHaveLength(5);
    expect(seen.every((e) => e.name === "job:completed" && e.job.state === "completed")).toBe(true);
  });

  it("ends when its signal aborts", async () => {
    const client = ctx.client({ logger: quiet });
    const controller = new AbortController();
    const stream = client.subscribe(undefined, { signal: controller.signal });
    const done = (async () => {
      for await (const _ of stream) {
        // nothing arrives
      }
      return "ended";
    })();
    controller.abort();
    expect(await done).toBe("ended");
  });
});

describe("diagnostics_channel", () => {
  it("publishes job events, attempt start and end, and fetch and completion metrics", async () => {
    const got: Record<string, Record<string, unknown>[]> = { "tributary:job": [], "tributary:work": [], "tributary:metric": [] };
    const listeners = Object.keys(got).map((name) => {
      const listener = (message: unknown) => got[name]!.push(message as Record<string, unknown>);
      subscribeChannel(name, listener);
      return [name, listener] as const;
    });
    try {
      const client = ctx.client({ logger: quiet, queues: { default: { maxWorkers: 1 } }, workers: { job: async () => {} } });
      const { job } = await client.insert("job", {});
      await client.start();
      await waitFor("completed event", async () => got["tributary:job"]!.some((m) => m.event === "job:completed"), 5_000);
      const completed = got["tributary:job"]!.find((m) => m.event === "job:completed")!;
      expect(completed).toMatchObject({ event: "job:completed", clientId: client.id, job: { id: job.id, state: "completed" } });
      expect(typeof completed.durationMs).toBe("number");
      expect(got["tributary:work"]!.map((m) => m.phase)).toEqual(["start", "end"]);
      expect(got["tributary:work"]![1]).toMatchObject({ job: { id: job.id }, clientId: client.id });
      const metrics = got["tributary:metric"]!;
      expect(metrics.find((m) => m.name === "fetch" && m.count === 1)).toMatchObject({ queue: "default", durationMs: expect.any(Number) });
      expect(metrics.find((m) => m.name === "completion_batch")).toMatchObject({ size: 1, durationMs: expect.any(Number) });
    } finally {
      for (const [name, listener] of listeners) unsubscribeChannel(name, listener);
    }
  });
});
