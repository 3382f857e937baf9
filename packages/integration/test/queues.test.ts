// Queues the way River lists and updates them, on real PostgreSQL: river_queue rows with job counts, and River's metadata_changed message.
import { type Client, InvalidArgumentError, migrate } from "@tributary/core";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertFixtureJobs } from "./support/job-fixture-rows.js";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";

let ctx: PgTestContext;
let client: Client<pg.PoolClient>;

beforeAll(async () => {
  ctx = await pgTestContext("queues");
  await migrate(ctx.driver, { schema: ctx.schema.name });
  client = ctx.client({});
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await ctx.query("TRUNCATE $schema.river_job, $schema.river_queue");
});

/** River's golden notification payloads (protocol_values.json), by name. */
const riverNotifications = Object.fromEntries(
  (JSON.parse(readFileSync(new URL("../../core/test/data/river-conformance/fixtures/protocol_values.json", import.meta.url), "utf8")) as {
    notifications: { name: string; topic: string; payload: { queue: string; metadata?: Record<string, unknown> } }[];
  }).notifications.map((n) => [n.name, n]),
);

const zeroCounts = { available: 0, cancelled: 0, completed: 0, discarded: 0, pending: 0, retryable: 0, running: 0, scheduled: 0 };

describe("listQueues / getQueue", () => {
  it("lists queues with a river_queue row or jobs: paused, metadata, counts by state, the oldest available job's age", async () => {
    await ctx.query(`INSERT INTO $schema.river_queue (name, metadata, paused_at) VALUES ('paused_q', '{"owner": "ops"}', now()), ('idle', '{}', NULL)`);
    await ctx.query(
      `INSERT INTO $schema.river_job (kind, queue, state, args, scheduled_at, finalized_at) VALUES
        ('k', 'paused_q', 'available', '{}', now() - interval '90 seconds', NULL),
        ('k', 'paused_q', 'available', '{}', now() - interval '10 seconds', NULL),
        ('k', 'paused_q', 'completed', '{}', now(), now()),
        ('k', 'jobs_only', 'scheduled', '{}', now() + interval '1 hour', NULL)`,
    );
    const queues = await client.listQueues();
    expect(queues.map((q) => q.name)).toEqual(["idle", "jobs_only", "paused_q"]);
    const [idle, jobsOnly, paused] = queues;
    expect(idle).toMatchObject({ paused: false, pausedAt: null, metadata: {}, counts: zeroCounts, oldestAvailableAgeMs: null });
    expect(idle!.createdAt).toBeInstanceOf(Date);
    expect(jobsOnly).toMatchObject({ paused: false, createdAt: null, updatedAt: null, metadata: {}, counts: { ...zeroCounts, scheduled: 1 }, oldestAvailableAgeMs: null });
    expect(paused).toMatchObject({ paused: true, metadata: { owner: "ops" }, counts: { ...zeroCounts, available: 2, completed: 1 } });
    expect(paused!.pausedAt).toBeInstanceOf(Date);
    expect(paused!.oldestAvailableAgeMs).toBeGreaterThanOrEqual(90_000);
    expect(paused!.oldestAvailableAgeMs).toBeLessThan(100_000);
    // The same queue alone (its age has grown meanwhile).
    expect(await client.getQueue("paused_q")).toEqual({ ...paused, oldestAvailableAgeMs: expect.any(Number) });
  });

  it("getQueue gives null for a queue with neither a row nor jobs, and refuses a bad name", async () => {
    expect(await client.getQueue("nothing_here")).toBeNull();
    for (const name of ["", "*", "x".repeat(128)]) {
      const err = await client.getQueue(name).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/^name:/);
    }
  });

  it("reflects pauseQueue and resumeQueue", async () => {
    await client.pauseQueue("mail");
    expect((await client.getQueue("mail"))!.paused).toBe(true);
    await client.resumeQueue("mail");
    expect((await client.getQueue("mail"))!.paused).toBe(false);
  });
});

describe("updateQueue", () => {
  it("replaces the metadata and sends River's metadata_changed control message", async () => {
    const golden = riverNotifications["metadata_changed"]!;
    expect(golden.topic).toBe("river_control");
    await insertFixtureJobs(ctx, [{ kind: "k", queue: golden.payload.queue, state: "available", createdUs: 0, scheduledUs: 0 }]);
    await ctx.query(`INSERT INTO $schema.river_queue (name, metadata) VALUES ($1, '{"old": true}')`, [golden.payload.queue]);
    const conn = new pg.Client({ connectionString: ctx.schema.url });
    await conn.connect();
    const payloads: string[] = [];
    conn.on("notification", (m) => payloads.push(m.payload ?? ""));
    await conn.query(`LISTEN "${ctx.schema.name}.river_control"`);
    try {
      const updated = await client.updateQueue(golden.payload.queue, { metadata: golden.payload.metadata! });
      expect(updated).toMatchObject({ name: golden.payload.queue, metadata: golden.payload.metadata, counts: { ...zeroCounts, available: 1 } });
      await new Promise((r) => setTimeout(r, 150));
      // River's golden payload as Go's encoder writes it: its struct order, no spaces.
      expect(payloads).toEqual([JSON.stringify(golden.payload)]);
      expect(payloads[0]).toBe('{"action":"metadata_changed","metadata":{"owner":"candidate"},"queue":"priority"}');
    } finally {
      await conn.end();
    }
  });

  it("creates the row of a queue that has none, and rolls back with the caller's transaction", async () => {
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      await client.updateQueue("fresh", { metadata: { a: 1 } }, { tx: conn });
      await conn.query("ROLLBACK");
    } finally {
      conn.release();
    }
    expect(await client.getQueue("fresh")).toBeNull();
    expect((await client.updateQueue("fresh", { metadata: { a: 1 } })).metadata).toEqual({ a: 1 });
  });

  it("refuses metadata that is not a JSON object", async () => {
    for (const metadata of [null, [1], "x"]) {
      const err = await client.updateQueue("q", { metadata } as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/^update\.metadata:/);
    }
  });
});

describe("updateJob", () => {
  it("records a job's output in metadata.output", async () => {
    const { job } = await client.insert("k", {}, { metadata: { keep: 1 } });
    const updated = await client.updateJob(job.id, { output: { total: 3, big: 9007199254740993n } });
    expect(updated.metadata).toEqual({ keep: 1, output: { total: 3, big: 9007199254740993n } });
    const err = await client.updateJob("999999", { output: 1 }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe("JOB_NOT_FOUND");
  });
});
