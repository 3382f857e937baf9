import { channel } from "node:diagnostics_channel";
import { Client, type ClientConfig, migrate } from "@tributary/core";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

let ctx: PgTestContext;

beforeEach(async () => {
  ctx = await pgTestContext("ahead", { max: 20 });
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await ctx.close();
});

function makeClient(config: Partial<ClientConfig<pg.PoolClient>>): Client<pg.PoolClient> {
  return ctx.client({
    pollInterval: 200,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ...config,
  });
}

const q = <R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> => ctx.query<R>(sql, params);

interface JobState {
  id: string;
  state: string;
  attempt: number;
  attempted_at: Date | null;
  attempted_by: string[] | null;
}
const jobStates = () => q<JobState>(`SELECT id::text, state::text, attempt, attempted_at, attempted_by FROM $schema.river_job ORDER BY id`);

/** A worker whose jobs block until `open()`; records every start. */
function gatedWorker() {
  const started: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  return {
    started,
    open,
    // Honours the abort signal, so a failed test's stop({ cancel: true }) does not hang.
    work: async (job: { id: string }, { signal }: { signal: AbortSignal }) => {
      started.push(job.id);
      await Promise.race([gate, new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)))]);
    },
  };
}

describe("fetchAhead", () => {
  it("holds jobs beyond maxWorkers, starts them as slots free, and every job runs exactly once", async () => {
    const runs = new Map<string, number>();
    const client = makeClient({
      queues: { default: { maxWorkers: 3, fetchAhead: 40 } },
      workers: { short: async (job) => void runs.set(job.id, (runs.get(job.id) ?? 0) + 1) },
    });
    await client.insertMany(Array.from({ length: 2_000 }, (_, i) => ({ kind: "short", args: { i } })));
    await client.start();
    await waitFor("all completed", async () => (await q(`SELECT 1 FROM $schema.river_job WHERE state <> 'completed'`)).length === 0, 60_000, 50);
    expect(runs.size).toBe(2_000);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    const [attempts] = await q<{ max: number }>(`SELECT max(attempt)::int AS max FROM $schema.river_job`);
    expect(attempts!.max).toBe(1);
  });

  it("stop gives held jobs back as they were before the fetch; they never ran here", async () => {
    const gated = gatedWorker();
    const client = makeClient({ queues: { default: { maxWorkers: 1, fetchAhead: 4 } }, workers: { slow: gated.work } });
    const inserted = await client.insertMany(Array.from({ length: 5 }, (_, i) => ({ kind: "slow", args: { i } })));
    await client.start();
    // One running, four held: all five are locked to this client in the database.
    await waitFor("five running", async () => (await jobStates()).filter((j) => j.state === "running").length === 5);
    expect(gated.started).toHaveLength(1);

    const stopping = client.stop({ cancel: false });
    await waitFor("held jobs given back", async () => (await jobStates()).filter((j) => j.state === "available").length === 4);
    gated.open();
    await stopping;

    expect(gated.started).toHaveLength(1);
    const rows = await jobStates();
    const first = rows.find((r) => r.id === gated.started[0])!;
    expect(first).toMatchObject({ state: "completed", attempt: 1, attempted_by: [client.id] });
    for (const r of rows.filter((r) => r.id !== first.id)) {
      expect(r).toMatchObject({ state: "available", attempt: 0, attempted_at: null, attempted_by: null });
    }
    expect(rows.map((r) => r.id).sort()).toEqual(inserted.map((r) => r.job.id).sort());

    // Another client runs the given-back jobs.
    const second = makeClient({ queues: { default: { maxWorkers: 4 } }, workers: { slow: async () => {} } });
    await second.start();
    await waitFor("all completed", async () => (await jobStates()).every((j) => j.state === "completed"));
  });

  it("a retried job given back keeps its earlier attempts and attempted_by entries", async () => {
    const gated = gatedWorker();
    const client = makeClient({ queues: { default: { maxWorkers: 1, fetchAhead: 1 } }, workers: { slow: gated.work } });
    const [a, b] = await client.insertMany([
      { kind: "slow", args: { n: 1 } },
      { kind: "slow", args: { n: 2 } },
    ]);
    // b already failed twice, on other clients.
    await q(`UPDATE $schema.river_job SET attempt = 2, attempted_at = '2030-01-01T00:00:00Z', attempted_by = ARRAY['w1', 'w2'], priority = 2 WHERE id = $1`, [b!.job.id]);
    await client.start();
    await waitFor("both running", async () => (await jobStates()).every((j) => j.state === "running"));
    expect(gated.started).toEqual([a!.job.id]);
    const stopping = client.stop({ cancel: false });
    await waitFor("b given back", async () => (await jobStates()).find((j) => j.id === b!.job.id)!.state === "available");
    gated.open();
    await stopping;
    expect((await jobStates()).find((j) => j.id === b!.job.id)).toMatchObject({ state: "available", attempt: 2, attempted_by: ["w1", "w2"] });
  });

  it("cancelling a held job records it cancelled without running it", async () => {
    const gated = gatedWorker();
    const client = makeClient({ queues: { default: { maxWorkers: 1, fetchAhead: 2 } }, workers: { slow: gated.work } });
    const [, second] = await client.insertMany([
      { kind: "slow", args: { n: 1 } },
      { kind: "slow", args: { n: 2 } },
    ]);
    const cancelled: string[] = [];
    client.on("job:cancelled", ({ job }) => void cancelled.push(job.id));
    await client.start();
    await waitFor("both running", async () => (await jobStates()).every((j) => j.state === "running"));
    await client.cancelJob(second!.job.id);
    await waitFor("second cancelled", async () => (await jobStates()).find((j) => j.id === second!.job.id)!.state === "cancelled");
    expect(cancelled).toEqual([second!.job.id]);
    gated.open();
    await waitFor("first completed", async () => (await jobStates()).filter((j) => j.state === "completed").length === 1);
    expect(gated.started).not.toContain(second!.job.id);
  });

  it("pausing the queue gives held jobs back; resuming runs them", async () => {
    const gated = gatedWorker();
    const client = makeClient({ queues: { default: { maxWorkers: 1, fetchAhead: 3 } }, workers: { slow: gated.work } });
    await client.insertMany(Array.from({ length: 4 }, (_, i) => ({ kind: "slow", args: { i } })));
    await client.start();
    await waitFor("four running", async () => (await jobStates()).filter((j) => j.state === "running").length === 4);
    await client.pauseQueue("default");
    await waitFor("three given back", async () => (await jobStates()).filter((j) => j.state === "available").length === 3);
    gated.open();
    await waitFor("the running one completed", async () => (await jobStates()).filter((j) => j.state === "completed").length === 1);
    // Paused: the given-back jobs stay put.
    await new Promise((r) => setTimeout(r, 500));
    expect((await jobStates()).filter((j) => j.state === "available")).toHaveLength(3);
    await client.resumeQueue("default");
    await waitFor("all completed", async () => (await jobStates()).every((j) => j.state === "completed"));
    expect(gated.started).toHaveLength(4);
  });

  it("a slot that frees while a fetch is on its way starts the jobs it brings, even with a long poll", async () => {
    // Only notifications wake the loop within the test: a missed start would wait 10 minutes.
    const gated = gatedWorker();
    const ran: string[] = [];
    const client = makeClient({
      pollInterval: 600_000,
      queues: { default: { maxWorkers: 1, fetchAhead: 5 } },
      workers: { slow: gated.work, short: async (job) => void ran.push(job.id) },
    });
    await client.start();
    await client.insert("slow", {});
    await waitFor("the slow job started", async () => gated.started.length === 1);
    // The next fetch (for held jobs only: the one slot is busy) waits on a table lock while
    // the slot frees, then brings two jobs committed meanwhile.
    const locker = await ctx.pool.connect();
    try {
      await locker.query("BEGIN");
      await locker.query(`INSERT INTO "${ctx.schema.name}".river_job (kind, args, queue) VALUES ('short', '{}', 'default'), ('short', '{}', 'default')`);
      await locker.query(`LOCK TABLE "${ctx.schema.name}".river_job IN EXCLUSIVE MODE`);
      await ctx.query(`SELECT pg_notify($1, '{"queue": "default"}')`, [`${ctx.schema.name}.river_insert`]);
      await waitFor("the fetch waits on the lock", async () => {
        const rows = await ctx.query(`SELECT 1 FROM pg_locks WHERE NOT granted AND relation = $1::regclass`, [`"${ctx.schema.name}".river_job`]);
        return rows.length > 0;
      });
      gated.open();
      // The slot frees when the handler settles (its completion waits on the lock too).
      await new Promise((r) => setTimeout(r, 200));
      await locker.query("COMMIT");
    } finally {
      locker.release();
    }
    await waitFor("both short jobs ran", async () => ran.length === 2, 5_000);
    await waitFor("all completed", async () => (await jobStates()).every((j) => j.state === "completed"), 5_000);
  });

  it("rejects a negative fetchAhead, and fetchAhead with fleet-wide limits", () => {
    const make = (queue: Record<string, unknown>) => () =>
      new Client({ driver: ctx.driver, schema: ctx.schema.name, queues: { default: { maxWorkers: 1, ...queue } }, workers: {} });
    expect(make({ fetchAhead: -1 })).toThrow(/config\.queues\.default\.fetchAhead.*non-negative integer/);
    expect(make({ fetchAhead: 5, globalLimit: 2 })).toThrow(/fetchAhead.*cannot be combined with globalLimit or rateLimit/);
    expect(make({ fetchAhead: 5, rateLimit: { max: 1, interval: 1000 } })).toThrow(/fetchAhead.*cannot be combined/);
  });
});

describe("fetchAhead by default (auto)", () => {
  it("a queue of short jobs fetches in batches beyond maxWorkers, and every job runs exactly once", async () => {
    const fetched: number[] = [];
    const metrics = channel("tributary:metric");
    const onMetric = (m: unknown) => {
      const msg = m as { name: string; count: number };
      if (msg.name === "fetch" && msg.count > 0) fetched.push(msg.count);
    };
    metrics.subscribe(onMetric);
    const runs = new Map<string, number>();
    try {
      const client = makeClient({
        queues: { default: { maxWorkers: 2 } },
        workers: { short: async (job) => void runs.set(job.id, (runs.get(job.id) ?? 0) + 1) },
      });
      await client.insertMany(Array.from({ length: 3_000 }, (_, i) => ({ kind: "short", args: { i } })));
      await client.start();
      await waitFor("all completed", async () => (await q(`SELECT 1 FROM $schema.river_job WHERE state <> 'completed'`)).length === 0, 60_000, 50);
    } finally {
      metrics.unsubscribe(onMetric);
    }
    expect(runs.size).toBe(3_000);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    // The first fetch takes only the free slots; once jobs start fast, fetches hold more.
    expect(fetched[0]).toBe(2);
    expect(Math.max(...fetched)).toBeGreaterThan(2);
    const [attempts] = await q<{ max: number }>(`SELECT max(attempt)::int AS max FROM $schema.river_job`);
    expect(attempts!.max).toBe(1);
  });

  it("holds nothing for a job that runs long: the next job stays available until a slot frees", async () => {
    const gated = gatedWorker();
    const client = makeClient({ queues: { default: { maxWorkers: 1 } }, workers: { slow: gated.work } });
    await client.insertMany(Array.from({ length: 3 }, (_, i) => ({ kind: "slow", args: { i } })));
    await client.start();
    await waitFor("one running", async () => gated.started.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await jobStates()).map((j) => j.state)).toEqual(["running", "available", "available"]);
    gated.open();
    await waitFor("all completed", async () => (await jobStates()).every((j) => j.state === "completed"));
  });

  it("gives back held jobs not started within a second, as they were before the fetch", async () => {
    // Many short jobs make the hold large; then a job that blocks its only slot.
    const gated = gatedWorker();
    const ran: string[] = [];
    const client = makeClient({
      queues: { default: { maxWorkers: 1 } },
      workers: { short: async (job) => void ran.push(job.id), slow: gated.work },
    });
    await client.insertMany(Array.from({ length: 400 }, (_, i) => ({ kind: "short", args: { i } })));
    const [blocker] = await client.insertMany([{ kind: "slow", args: {} }]);
    await client.insertMany(Array.from({ length: 200 }, (_, i) => ({ kind: "short", args: { i: 400 + i } })));
    await client.start();
    await waitFor("the blocker started", async () => gated.started.length === 1, 30_000);
    const heldAtBlock = (await jobStates()).filter((j) => j.state === "running" && j.id !== blocker!.job.id);
    expect(heldAtBlock.length).toBeGreaterThan(0);
    // Within about a second the held jobs are back, untouched; the blocker alone is running.
    await waitFor("held jobs given back", async () => (await jobStates()).filter((j) => j.state === "running").length === 1, 5_000, 50);
    const rows = await jobStates();
    for (const r of rows.filter((r) => r.state === "available")) {
      expect(r).toMatchObject({ attempt: 0, attempted_at: null, attempted_by: null });
    }
    // With the slot blocked, the queue does not fetch them again.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await jobStates()).filter((j) => j.state === "running").map((j) => j.id)).toEqual([blocker!.job.id]);
    gated.open();
    await waitFor("all completed", async () => (await jobStates()).every((j) => j.state === "completed"), 30_000);
    expect(new Set(ran).size).toBe(600);
    expect(ran).toHaveLength(600);
  });

  it("gives back an automatically held job within about a second even with a long poll interval", async () => {
    // A burst of short jobs makes the hold large; a blocker then takes the only slot while
    // the last fetch came back short, so only the loop's own timer can give the rest back.
    const gated = gatedWorker();
    const client = makeClient({
      pollInterval: 600_000,
      queues: { default: { maxWorkers: 1 } },
      workers: { short: async () => {}, slow: gated.work },
    });
    await client.insertMany(Array.from({ length: 400 }, (_, i) => ({ kind: "short", args: { i } })));
    const [blocker] = await client.insertMany([{ kind: "slow", args: {} }]);
    await client.insertMany(Array.from({ length: 100 }, (_, i) => ({ kind: "short", args: { i: 400 + i } })));
    await client.start();
    await waitFor("the blocker started", async () => gated.started.length === 1, 30_000);
    await waitFor("held jobs given back", async () => (await jobStates()).filter((j) => j.state === "running").length === 1, 5_000, 50);
    expect((await jobStates()).filter((j) => j.state === "running").map((j) => j.id)).toEqual([blocker!.job.id]);
    gated.open();
    await waitFor("all completed", async () => (await jobStates()).every((j) => j.state === "completed"), 30_000);
  });

  it("a fleet-limited queue fetches only for free slots, and rejects fetchAhead: auto", () => {
    const make = (queue: Record<string, unknown>) => () =>
      new Client({ driver: ctx.driver, schema: ctx.schema.name, queues: { default: { maxWorkers: 1, ...queue } }, workers: {} });
    expect(make({ globalLimit: 2 })).not.toThrow();
    expect(make({ fetchAhead: "auto", globalLimit: 2 })).toThrow(/fetchAhead.*cannot be combined with globalLimit or rateLimit/);
    expect(make({ fetchAhead: "soon" })).toThrow(/fetchAhead.*non-negative integer or "auto"/);
  });
});
