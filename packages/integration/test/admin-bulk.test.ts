// Bulk retry, cancel and delete by River's filters on real PostgreSQL: what each changes, the cancel notification, the caller's transaction, and 10,000 jobs.
import { Client, type Driver, type Executor, InvalidArgumentError, migrate } from "@tributary/core";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FixtureJob, insertFixtureJobs } from "./support/job-fixture-rows.js";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";

const S = 1_000_000;
/** One job in every state, all of kind "k" in queue "bulk". */
const ONE_OF_EACH: FixtureJob[] = [
  { kind: "k", queue: "bulk", state: "available", createdUs: 0, scheduledUs: 0 },
  { kind: "k", queue: "bulk", state: "scheduled", createdUs: 0, scheduledUs: 3600 * S * 24 * 400 },
  { kind: "k", queue: "bulk", state: "running", createdUs: 0, scheduledUs: 0, attemptedUs: S },
  { kind: "k", queue: "bulk", state: "completed", createdUs: 0, scheduledUs: 0, attemptedUs: S, finalizedUs: 2 * S },
  { kind: "k", queue: "bulk", state: "discarded", createdUs: 0, scheduledUs: 0, attemptedUs: S, finalizedUs: 2 * S },
  { kind: "k", queue: "bulk", state: "cancelled", createdUs: 0, scheduledUs: 0, finalizedUs: 2 * S },
  { kind: "k", queue: "bulk", state: "retryable", createdUs: 0, scheduledUs: 3600 * S * 24 * 400, attemptedUs: S },
  { kind: "k", queue: "bulk", state: "pending", createdUs: 0, scheduledUs: 0 },
];
const STATES = ONE_OF_EACH.map((j) => j.state);

let ctx: PgTestContext;
let client: Client<pg.PoolClient>;

beforeAll(async () => {
  ctx = await pgTestContext("bulk");
  await migrate(ctx.driver, { schema: ctx.schema.name });
  client = ctx.client({});
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await ctx.query("TRUNCATE $schema.river_job");
});

async function states(): Promise<Record<string, string>> {
  const rows = await ctx.query<{ id: string; state: string }>("SELECT id::text AS id, state::text AS state FROM $schema.river_job");
  return Object.fromEntries(rows.map((r) => [r.id, r.state]));
}

/** A LISTEN connection on one of the schema's channels. */
async function listen(topic: string): Promise<{ payloads: string[]; close(): Promise<void> }> {
  const conn = new pg.Client({ connectionString: ctx.schema.url });
  await conn.connect();
  const payloads: string[] = [];
  conn.on("notification", (m) => payloads.push(m.payload ?? ""));
  await conn.query(`LISTEN "${ctx.schema.name}.${topic}"`);
  return { payloads, close: () => conn.end() };
}
const settle = () => new Promise((r) => setTimeout(r, 150));

describe("retryJobs", () => {
  it("makes every matching job that is not running available now, and counts what changed", async () => {
    const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
    const inserts = await listen("river_insert");
    const { count } = await client.retryJobs({ kinds: ["k"] });
    // available (already due), running: unchanged; the six others become available.
    expect(count).toBe(6);
    const after = await states();
    expect(ids.map((id) => after[id])).toEqual(STATES.map((s) => (s === "running" ? "running" : "available")));
    const [row] = await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM $schema.river_job WHERE state = 'available' AND (finalized_at IS NOT NULL OR scheduled_at > now())");
    expect(row!.n).toBe(0);
    await settle();
    expect(inserts.payloads).toEqual(['{"queue": "bulk"}']);
    await inserts.close();
  });

  it("touches only the jobs the filters match", async () => {
    const [a, b] = await insertFixtureJobs(ctx, [
      { kind: "k", queue: "one", state: "discarded", createdUs: 0, scheduledUs: 0, finalizedUs: S, attemptedUs: S },
      { kind: "k", queue: "two", state: "discarded", createdUs: 0, scheduledUs: 0, finalizedUs: S, attemptedUs: S },
    ]);
    expect((await client.retryJobs({ queues: ["two"] })).count).toBe(1);
    expect(await states()).toEqual({ [a!]: "discarded", [b!]: "available" });
  });
});

describe("cancelJobs", () => {
  it("cancels waiting jobs at once and tells running ones' workers with River's payload", async () => {
    const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
    const control = await listen("river_control");
    const result = await client.cancelJobs({ queues: ["bulk"] });
    expect(result.count).toBe(5);
    expect(result.cancelRequested).toEqual([ids[2]]);
    const after = await states();
    const finalized = ["completed", "discarded", "cancelled"];
    expect(ids.map((id) => after[id])).toEqual(STATES.map((s) => (s === "running" || finalized.includes(s) ? s : "cancelled")));
    const [running] = await ctx.query<{ at: string | null }>("SELECT metadata->>'cancel_attempted_at' AS at FROM $schema.river_job WHERE id = $1", [ids[2]]);
    expect(running!.at).not.toBeNull();
    await settle();
    expect(control.payloads).toEqual([`{"action" : "cancel", "job_id" : ${ids[2]}, "queue" : "bulk"}`]);
    await control.close();
  });

  it("in the caller's transaction: nothing changes and nothing is sent if it rolls back", async () => {
    const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
    const control = await listen("river_control");
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      expect((await client.cancelJobs({ kinds: ["k"] }, { tx: conn })).count).toBe(5);
      await conn.query("ROLLBACK");
    } finally {
      conn.release();
    }
    await settle();
    expect(control.payloads).toEqual([]);
    const after = await states();
    expect(ids.map((id) => after[id])).toEqual(STATES);
    await control.close();
  });
});

describe("deleteJobs", () => {
  it("deletes every matching job but the running one", async () => {
    const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
    expect((await client.deleteJobs({ kinds: ["k"] })).count).toBe(7);
    expect(await states()).toEqual({ [ids[2]!]: "running" });
  });

  it("refuses to delete without any filter unless told unsafeAll, and then still spares running jobs", async () => {
    const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
    for (const filters of [{}, { kinds: [] }, { metadata: {} }, { createdAt: {} }]) {
      const err = await client.deleteJobs(filters).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/^filters: .*unsafeAll/);
    }
    expect(Object.keys(await states())).toHaveLength(8);
    expect((await client.deleteJobs({}, { unsafeAll: true })).count).toBe(7);
    expect(await states()).toEqual({ [ids[2]!]: "running" });
  });

  it("in the caller's transaction: commits with it", async () => {
    await insertFixtureJobs(ctx, ONE_OF_EACH);
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      expect((await client.deleteJobs({ states: ["completed"] }, { tx: conn })).count).toBe(1);
      expect(await client.countJobs({ states: ["completed"] })).toBe(1);
      await conn.query("COMMIT");
    } finally {
      conn.release();
    }
    expect(await client.countJobs({ states: ["completed"] })).toBe(0);
  });
});

describe("bulk actions on 10,000 jobs", () => {
  /** A client whose driver counts the statements it runs. */
  function countingClient(): { client: Client<pg.PoolClient>; statements: () => number } {
    let n = 0;
    const counted = (ex: Executor): Executor => ({
      query: (sql, params) => {
        n++;
        return ex.query(sql, params);
      },
    });
    const d = ctx.driver;
    const driver: Driver<pg.PoolClient> = {
      name: `counting ${d.name}`,
      executor: () => counted(d.executor()),
      unwrapTx: (tx) => counted(d.unwrapTx(tx)),
      transaction: (fn) => d.transaction((ex) => fn(counted(ex))),
    };
    return { client: new Client({ driver, schema: ctx.schema.name }), statements: () => n };
  }

  it("retries, cancels and deletes them in a few statements each", async () => {
    await ctx.query(
      `INSERT INTO $schema.river_job (kind, queue, state, args, finalized_at, attempt)
       SELECT 'many', 'bulk', 'discarded', '{}', now(), 1 FROM generate_series(1, 10000)`,
    );
    const { client: counting, statements } = countingClient();
    const figures: string[] = [];
    const measure = async (name: string, run: () => Promise<{ count: number }>, want: number) => {
      const before = statements();
      const t = performance.now();
      const { count } = await run();
      const ms = performance.now() - t;
      expect(count).toBe(want);
      const used = statements() - before;
      // 5,000 rows per statement: two full batches and the short one that ends the loop.
      expect(used).toBeLessThanOrEqual(3);
      figures.push(`${name}: ${count} jobs, ${used} statements, ${ms.toFixed(0)} ms`);
    };
    await measure("retryJobs", () => counting.retryJobs({ kinds: ["many"] }), 10_000);
    await measure("cancelJobs", () => counting.cancelJobs({ kinds: ["many"] }), 10_000);
    await measure("deleteJobs", () => counting.deleteJobs({ kinds: ["many"] }), 10_000);
    expect(await client.countJobs({ kinds: ["many"] })).toBe(0);
    console.log(`bulk figures (2 cores, PG 15): ${figures.join("; ")}`);
  });
});

describe("jobStats", () => {
  it("counts jobs by queue × state and outcomes per minute since a time (failed attempts by their error's time)", async () => {
    const since = new Date(Date.now() - 10 * 60_000);
    const minute = (ago: number) => `date_trunc('minute', now()) - interval '${ago} minutes'`;
    const err = (at: string) => `jsonb_build_object('at', ${at}, 'attempt', 1, 'error', 'boom', 'trace', '')`;
    await ctx.query(
      `INSERT INTO $schema.river_job (kind, queue, state, args, finalized_at, attempt, errors) VALUES
        ('k', 'a', 'completed', '{}', ${minute(2)} + interval '5 seconds', 1, NULL),
        ('k', 'a', 'completed', '{}', ${minute(2)} + interval '50 seconds', 1, NULL),
        ('k', 'b', 'completed', '{}', ${minute(1)} + interval '1 second', 2, ARRAY[${err(`${minute(2)} + interval '7 seconds'`)}]),
        ('k', 'b', 'discarded', '{}', ${minute(1)} + interval '3 seconds', 2,
          ARRAY[${err(`${minute(30)}`)}, ${err(`${minute(1)} + interval '2 seconds'`)}]),
        ('k', 'b', 'completed', '{}', ${minute(60)}, 1, ARRAY[${err(minute(61))}]),
        ('k', 'a', 'retryable', '{}', NULL, 1, ARRAY[${err(`${minute(1)} + interval '9 seconds'`)}]),
        ('k', 'a', 'available', '{}', NULL, 0, NULL)`,
    );
    const stats = await client.jobStats({ since });
    expect(stats.counts).toEqual([
      { queue: "a", state: "available", count: 1 },
      { queue: "a", state: "completed", count: 2 },
      { queue: "a", state: "retryable", count: 1 },
      { queue: "b", state: "completed", count: 2 },
      { queue: "b", state: "discarded", count: 1 },
    ]);
    const [m2, m1] = stats.minutes;
    expect(stats.minutes).toHaveLength(2);
    expect(m1!.minute.getTime() - m2!.minute.getTime()).toBe(60_000);
    expect(m2).toMatchObject({ completed: 2, failed: 1, discarded: 0 });
    // The discarded job's earlier error (30 minutes ago) is outside the window; its last one is in.
    expect(m1).toMatchObject({ completed: 1, failed: 2, discarded: 1 });
    expect(stats.now).toBeInstanceOf(Date);
    await expect(client.jobStats({ since: new Date("x") })).rejects.toThrow(/^params\.since:/);
  });
});

describe("releaseJobs", () => {
  it("moves pending jobs to available when due and to scheduled otherwise, leaving others alone", async () => {
    const [due, later, running] = await insertFixtureJobs(ctx, [
      { kind: "k", queue: "bulk", state: "pending", createdUs: 0, scheduledUs: 0 },
      { kind: "k", queue: "bulk", state: "pending", createdUs: 0, scheduledUs: 3600 * S * 24 * 400 },
      { kind: "k", queue: "bulk", state: "running", createdUs: 0, scheduledUs: 0, attemptedUs: S },
    ]);
    const inserts = await listen("river_insert");
    expect(await client.releaseJobs([due!, later!, running!])).toEqual([due, later]);
    expect(await states()).toEqual({ [due!]: "available", [later!]: "scheduled", [running!]: "running" });
    await settle();
    expect(inserts.payloads).toEqual(['{"queue": "bulk"}']);
    await inserts.close();
    expect(await client.releaseJobs([due!])).toEqual([]);
    await expect(client.releaseJobs(["nope"])).rejects.toThrow(/^ids\[0\]:/);
  });
});
