import { type Client, type ClientConfig, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";
import { type FixtureProcess, killAll, startFixtureProcess, stopFixtureProcess } from "./support/worker-processes.js";

let ctx: PgTestContext;
let pools: pg.Pool[] = [];
let children: FixtureProcess[] = [];

beforeEach(async () => {
  ctx = await pgTestContext("lim", { max: 6 });
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await killAll(children);
  children = [];
  await ctx.close(); // stops the clients first, while their pools are open
  await Promise.all(pools.map((p) => p.end()));
  pools = [];
});

/** A client on a pool of its own, as another process would have. */
function makeClient(config: Partial<ClientConfig<pg.PoolClient>>): Client<pg.PoolClient> {
  const pool = new pg.Pool({ connectionString: ctx.schema.url, max: 4 });
  pools.push(pool);
  return ctx.client({
    driver: pgDriver<pg.PoolClient>(pool),
    pollInterval: 50,
    ...config,
  });
}

const q = <R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> => ctx.query<R>(sql, params);

async function spawnInstance(clientId: string, env: Record<string, string>): Promise<FixtureProcess> {
  const instance = await startFixtureProcess("limits-worker.ts", clientId, { DATABASE_URL: ctx.schema.url, SCHEMA: ctx.schema.name, ...env });
  children.push(instance);
  return instance;
}

describe("globalLimit", () => {
  it("three processes (maxWorkers 10 each) with globalLimit 2: never more than 2 running in the database", async () => {
    const inserter = makeClient({});
    await inserter.insertMany(Array.from({ length: 100 }, (_, i) => ({ kind: "report", args: { i }, opts: { queue: "reports" } })));
    const ids = ["lim-a", "lim-b", "lim-c"];
    const procs = await Promise.all(ids.map((id) => spawnInstance(id, { GLOBAL_LIMIT: "2", JOB_MS: "50" })));
    const samples: number[] = [];
    const startedAt = Date.now();
    for (;;) {
      const [row] = await q<{ running: number; completed: number }>(
        `SELECT count(*) FILTER (WHERE state = 'running')::int AS running, count(*) FILTER (WHERE state = 'completed')::int AS completed
         FROM $schema.river_job WHERE queue = 'reports'`,
      );
      samples.push(row!.running);
      if (row!.completed === 100) break;
      if (Date.now() - startedAt > 60_000) throw new Error(`only ${row!.completed} of 100 completed after 60 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = Date.now() - startedAt;
    await Promise.all(procs.map(stopFixtureProcess));
    const workedBy = await q<{ who: string; n: number }>(
      `SELECT attempted_by[1] AS who, count(*)::int AS n FROM $schema.river_job GROUP BY 1 ORDER BY 1`,
    );
    const max = Math.max(...samples);
    console.log(
      `globalLimit: ${samples.length} samples over ${elapsed} ms, max running ${max}, ` +
        `samples at 2: ${samples.filter((s) => s === 2).length}, by process ${workedBy.map((w) => `${w.who}=${w.n}`).join(" ")}`,
    );
    expect(max).toBeLessThanOrEqual(2);
    expect(max).toBe(2);
    // The limit is fleet-wide: more than one process took jobs.
    expect(workedBy.length).toBeGreaterThan(1);
  });

  it("a limited queue still works all its jobs in one process", async () => {
    const client = makeClient({
      queues: { reports: { maxWorkers: 5, globalLimit: 3 } },
      workers: { report: async () => {} },
    });
    await client.insertMany(Array.from({ length: 30 }, (_, i) => ({ kind: "report", args: { i }, opts: { queue: "reports" } })));
    await client.start();
    await waitFor("all completed", async () => {
      const [row] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.river_job WHERE state = 'completed'`);
      return row!.n === 30;
    });
  });

  it("invalid limits are refused at construction", () => {
    expect(() => makeClient({ queues: { q: { maxWorkers: 1, globalLimit: 0 } } })).toThrow(/globalLimit/);
    expect(() => makeClient({ queues: { q: { maxWorkers: 1, rateLimit: { max: 5, interval: 0 } } } })).toThrow(/rateLimit\.interval/);
    expect(() => makeClient({ queues: { q: { maxWorkers: 1, rateLimit: { max: 1.5, interval: 1_000 } } } })).toThrow(/rateLimit\.max/);
  });
});

describe("rateLimit", () => {
  it("two clients, rateLimit 5 per second: no 1 s window holds more than 5 starts", async () => {
    const config = {
      queues: { q: { maxWorkers: 10, rateLimit: { max: 5, interval: 1_000 } } },
      workers: { ping: async () => {} },
    };
    const a = makeClient(config);
    const b = makeClient(config);
    await a.insertMany(Array.from({ length: 16 }, (_, i) => ({ kind: "ping", args: { i }, opts: { queue: "q" } })));
    const startedAt = Date.now();
    await Promise.all([a.start(), b.start()]);
    await waitFor(
      "all completed",
      async () => {
        const [row] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.river_job WHERE state = 'completed'`);
        return row!.n === 16;
      },
      20_000,
    );
    const elapsed = Date.now() - startedAt;
    const starts = (await q<{ at: Date }>(`SELECT attempted_at AS at FROM $schema.river_job ORDER BY attempted_at`)).map((r) => r.at.getTime());
    const busiest = Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 1_000).length));
    const workedBy = await q<{ who: string }>(`SELECT DISTINCT attempted_by[1] AS who FROM $schema.river_job`);
    console.log(`rateLimit: 16 jobs in ${elapsed} ms, busiest 1 s window ${busiest} starts, ${workedBy.length} clients took jobs`);
    expect(busiest).toBeLessThanOrEqual(5);
    expect(busiest).toBe(5);
    // 16 starts at 5 per second need at least three full windows.
    expect(starts[starts.length - 1]! - starts[0]!).toBeGreaterThanOrEqual(3_000);
  });
});
