import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLIENT_DEFAULTS } from "../src/config/client-defaults.js";
import { listenSql } from "../src/driver/listen-sql.js";
import { JobCleaner } from "../src/maintenance/job-cleaner.js";
import { JobRescuer } from "../src/maintenance/job-rescuer.js";
import { JobScheduler } from "../src/maintenance/job-scheduler.js";
import { MaintenanceRunner } from "../src/maintenance/maintenance-runner.js";
import type { MaintenanceService } from "../src/maintenance/maintenance-service.js";
import { QueueCleaner } from "../src/maintenance/queue-cleaner.js";
import { standardMaintenanceTasks } from "../src/maintenance/standard-maintenance.js";
import { defaultRetryPolicy } from "../src/runtime/retry-policy.js";
import type { SchemaTables } from "../src/sql/schema-tables.js";
import { capturingLogger, insertTestJob, migratedPool, readJobs, waitFor } from "./support/maintenance-fixtures.js";
import { poolExecutor } from "./support/pg-executor.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let schema: IsolatedSchema;
let tables: SchemaTables;
let pool: pg.Pool;
const executor = () => poolExecutor(pool);

beforeAll(async () => {
  schema = await createIsolatedSchema("maint");
  ({ pool, tables } = await migratedPool(schema.url, schema.name));
});

beforeEach(async () => {
  await pool.query(`DELETE FROM ${tables.job}`);
  await pool.query(`DELETE FROM ${tables.queue}`);
});

afterAll(async () => {
  await pool.end();
  await schema.drop();
});

/** The client's defaults, as resolveClientConfig hands them to the services. */
const rescuerDefaults = {
  rescueStuckJobsAfter: CLIENT_DEFAULTS.rescueStuckJobsAfter,
  retryAt: defaultRetryPolicy,
  timeoutFor: () => CLIENT_DEFAULTS.jobTimeout,
};
const retentionDefaults = {
  completedJobRetention: CLIENT_DEFAULTS.completedJobRetention,
  cancelledJobRetention: CLIENT_DEFAULTS.cancelledJobRetention,
  discardedJobRetention: CLIENT_DEFAULTS.discardedJobRetention,
};
const maintenanceDefaults = { schedulerInterval: CLIENT_DEFAULTS.schedulerInterval, ...rescuerDefaults, ...retentionDefaults };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("JobScheduler", () => {
  it("makes due scheduled and retryable jobs available, leaves the rest, and notifies each queue once", async () => {
    const listener = new pg.Client({ connectionString: schema.url });
    await listener.connect();
    const payloads: string[] = [];
    listener.on("notification", (n) => {
      if (n.channel === `${schema.name}.river_insert`) payloads.push(n.payload ?? "");
    });
    await listener.query(listenSql(`${schema.name}.river_insert`));
    try {
      const dueScheduled = await insertTestJob(pool, tables, { state: "scheduled", queue: "alpha", scheduledInMs: -1_000 });
      const dueScheduled2 = await insertTestJob(pool, tables, { state: "scheduled", queue: "alpha", scheduledInMs: -10 });
      const dueRetryable = await insertTestJob(pool, tables, {
        state: "retryable",
        queue: "beta",
        scheduledInMs: -5_000,
        attempt: 1,
        errorCount: 1,
      });
      const laterScheduled = await insertTestJob(pool, tables, { state: "scheduled", queue: "gamma", scheduledInMs: 60_000 });
      const laterRetryable = await insertTestJob(pool, tables, { state: "retryable", queue: "gamma", scheduledInMs: 60_000 });
      const pending = await insertTestJob(pool, tables, { state: "pending", queue: "gamma", scheduledInMs: -60_000 });

      const moved = await new JobScheduler({ executor, tables }).runOnce();
      expect(moved).toBe(3);

      const jobs = await readJobs(pool, tables);
      for (const id of [dueScheduled, dueScheduled2, dueRetryable]) expect(jobs.get(id)?.state).toBe("available");
      expect(jobs.get(laterScheduled)?.state).toBe("scheduled");
      expect(jobs.get(laterRetryable)?.state).toBe("retryable");
      expect(jobs.get(pending)?.state).toBe("pending");

      await waitFor(() => payloads.length >= 2, 2_000, "insert notifications");
      await sleep(100);
      expect(payloads.map((p) => JSON.parse(p)).sort((a, b) => a.queue.localeCompare(b.queue))).toEqual([
        { queue: "alpha" },
        { queue: "beta" },
      ]);
      expect(payloads).toContain('{"queue": "alpha"}');

      // Nothing left to do: no rows, no notifications.
      expect(await new JobScheduler({ executor, tables }).runOnce()).toBe(0);
      await sleep(100);
      expect(payloads).toHaveLength(2);
    } finally {
      await listener.end();
    }
  });

  it("moves at most batchSize jobs per run, most urgent first", async () => {
    const urgent = await insertTestJob(pool, tables, { state: "scheduled", scheduledInMs: -10 });
    await pool.query(`UPDATE ${tables.job} SET priority = 1 WHERE id = $1`, [urgent]);
    const lax = await insertTestJob(pool, tables, { state: "scheduled", scheduledInMs: -60_000 });
    await pool.query(`UPDATE ${tables.job} SET priority = 4 WHERE id = $1`, [lax]);
    expect(await new JobScheduler({ executor, tables, batchSize: 1 }).runOnce()).toBe(1);
    const jobs = await readJobs(pool, tables);
    expect(jobs.get(urgent)?.state).toBe("available");
    expect(jobs.get(lax)?.state).toBe("scheduled");
  });

  it("discards a due job whose unique key another job holds, instead of failing the batch", async () => {
    // Unique states available, pending, running, scheduled (not retryable): a retryable job may
    // share its key with an available one, but may not become available beside it.
    const states = "11010001";
    const holder = await insertTestJob(pool, tables, { state: "available", uniqueKey: "k1", uniqueStates: states });
    const blocked = await insertTestJob(pool, tables, {
      state: "retryable",
      scheduledInMs: -1_000,
      uniqueKey: "k1",
      uniqueStates: states,
    });
    const free = await insertTestJob(pool, tables, { state: "retryable", scheduledInMs: -1_000, uniqueKey: "k2", uniqueStates: states });
    const plain = await insertTestJob(pool, tables, { state: "scheduled", scheduledInMs: -1_000 });

    expect(await new JobScheduler({ executor, tables }).runOnce()).toBe(3);
    const jobs = await readJobs(pool, tables);
    expect(jobs.get(holder)?.state).toBe("available");
    expect(jobs.get(blocked)?.state).toBe("discarded");
    expect(jobs.get(blocked)?.finalized_at).toBeInstanceOf(Date);
    expect(jobs.get(blocked)?.metadata).toEqual({ unique_key_conflict: "scheduler_discarded" });
    expect(jobs.get(free)?.state).toBe("available");
    expect(jobs.get(plain)?.state).toBe("available");
  });
});

describe("JobRescuer", () => {
  it("rescues only stuck running jobs: retryable with River's backoff, discarded when out of attempts, cancelled when cancel was requested", async () => {
    const stuckFirst = await insertTestJob(pool, tables, { state: "running", attempt: 1, maxAttempts: 5, attemptedInMs: -2 * HOUR });
    const stuckSecond = await insertTestJob(pool, tables, {
      state: "running",
      attempt: 2,
      maxAttempts: 5,
      attemptedInMs: -2 * HOUR,
      errorCount: 1,
      metadata: { "river:rescue_count": 2, keep: "me" },
    });
    const stuckLast = await insertTestJob(pool, tables, { state: "running", attempt: 5, maxAttempts: 5, attemptedInMs: -2 * HOUR });
    const stuckCancelled = await insertTestJob(pool, tables, {
      state: "running",
      attempt: 1,
      attemptedInMs: -2 * HOUR,
      metadata: { cancel_attempted_at: "2024-01-01T00:00:00Z" },
    });
    const healthy = await insertTestJob(pool, tables, { state: "running", attempt: 1, attemptedInMs: -10 * 60_000 });
    const oldAvailable = await insertTestJob(pool, tables, { state: "available", attempt: 1, attemptedInMs: -2 * HOUR });

    const before = Date.now();
    const rescued = await new JobRescuer({ executor, tables, ...rescuerDefaults }).runOnce();
    expect(rescued).toBe(4);
    const jobs = await readJobs(pool, tables);

    const first = jobs.get(stuckFirst)!;
    expect(first.state).toBe("retryable");
    expect(first.finalized_at).toBeNull();
    // No earlier errors: (0 + 1)^4 = 1 s, ±10 %.
    const firstDelay = first.scheduled_at.getTime() - before;
    expect(firstDelay).toBeGreaterThan(800);
    expect(firstDelay).toBeLessThan(1_300);
    expect(first.metadata).toEqual({ "river:rescue_count": 1 });
    expect(first.errors).toHaveLength(1);
    expect(first.errors![0]).toMatchObject({ attempt: 1, error: "Stuck job rescued by JobRescuer", trace: "" });
    expect(Math.abs(new Date(first.errors![0]!.at).getTime() - before)).toBeLessThan(5_000);

    const second = jobs.get(stuckSecond)!;
    expect(second.state).toBe("retryable");
    // One earlier error: (1 + 1)^4 = 16 s, ±10 %.
    const secondDelay = second.scheduled_at.getTime() - before;
    expect(secondDelay).toBeGreaterThan(14_000);
    expect(secondDelay).toBeLessThan(18_000);
    expect(second.metadata).toEqual({ "river:rescue_count": 3, keep: "me" });
    expect(second.errors).toHaveLength(2);
    expect(second.errors![1]).toMatchObject({ attempt: 2, error: "Stuck job rescued by JobRescuer" });

    const last = jobs.get(stuckLast)!;
    expect(last.state).toBe("discarded");
    expect(last.finalized_at).toBeInstanceOf(Date);
    expect(last.metadata).toEqual({ "river:rescue_count": 1 });

    const cancelled = jobs.get(stuckCancelled)!;
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.finalized_at).toBeInstanceOf(Date);

    expect(jobs.get(healthy)?.state).toBe("running");
    expect(jobs.get(healthy)?.errors).toBeNull();
    expect(jobs.get(oldAvailable)?.state).toBe("available");

    expect(await new JobRescuer({ executor, tables, ...rescuerDefaults }).runOnce()).toBe(0);
  });

  it("honours rescueStuckJobsAfter and the retry policy it is given, batch after batch", async () => {
    const retryAt = new Date("2099-01-02T03:04:05.000Z");
    const calls: [number, number][] = [];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await insertTestJob(pool, tables, { state: "running", attempt: 1, attemptedInMs: -5 * 60_000, errorCount: i }));
    }
    const outOfAttempts = await insertTestJob(pool, tables, { state: "running", attempt: 3, maxAttempts: 3, attemptedInMs: -5 * 60_000 });
    const recent = await insertTestJob(pool, tables, { state: "running", attempt: 1, attemptedInMs: -60_000 });

    const rescuer = new JobRescuer({
      executor,
      tables,
      rescueStuckJobsAfter: 2 * 60_000,
      timeoutFor: () => 60_000,
      batchSize: 2,
      retryAt: (job) => {
        calls.push([job.attempt, job.errors.length]);
        return retryAt;
      },
    });
    expect(await rescuer.runOnce()).toBe(4);
    const jobs = await readJobs(pool, tables);
    for (const id of ids) {
      expect(jobs.get(id)?.state).toBe("retryable");
      expect(jobs.get(id)?.scheduled_at.toISOString()).toBe(retryAt.toISOString());
    }
    expect(calls.sort()).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(jobs.get(outOfAttempts)?.state).toBe("discarded");
    expect(jobs.get(recent)?.state).toBe("running");
  });
});

describe("JobRescuer, per kind", () => {
  const old = { state: "running", attempt: 1, attemptedInMs: -2 * HOUR } as const;

  it("waits for each kind's own timeout, never rescues a kind without one, and leaves unregistered kinds alone", async () => {
    const short = await insertTestJob(pool, tables, { ...old, kind: "short" });
    const long = await insertTestJob(pool, tables, { ...old, kind: "long" });
    const untimed = await insertTestJob(pool, tables, { ...old, kind: "untimed" });
    const foreign = await insertTestJob(pool, tables, { ...old, kind: "go_kind" });
    const timeouts: Record<string, number> = { short: 60_000, long: 3 * HOUR, untimed: 0 };
    const rescuer = new JobRescuer({ executor, tables, ...rescuerDefaults, timeoutFor: (kind) => timeouts[kind] ?? null });
    expect(await rescuer.runOnce()).toBe(1);
    const jobs = await readJobs(pool, tables);
    expect(jobs.get(short)?.state).toBe("retryable");
    for (const id of [long, untimed, foreign]) expect(jobs.get(id)?.state).toBe("running");
  });

  it("pages by id: a full page of jobs it must skip does not hide a later stuck one", async () => {
    for (let i = 0; i < 4; i++) await insertTestJob(pool, tables, { ...old, kind: "untimed" });
    const stuck = await insertTestJob(pool, tables, { ...old, kind: "short" });
    const rescuer = new JobRescuer({
      executor,
      tables,
      ...rescuerDefaults,
      batchSize: 2,
      timeoutFor: (kind) => (kind === "short" ? 60_000 : 0),
    });
    expect(await rescuer.runOnce()).toBe(1);
    expect((await readJobs(pool, tables)).get(stuck)?.state).toBe("retryable");
  });

  it("reads river:rescue_count River's forgiving way", async () => {
    const counts: unknown[] = ["abc", "4", 2.9, true, [3]];
    const ids: string[] = [];
    for (const count of counts) ids.push(await insertTestJob(pool, tables, { ...old, metadata: { "river:rescue_count": count } }));
    // Beyond 2^53: written as raw JSON so the exact integer reaches the database.
    const [big] = (
      await pool.query<{ id: string }>(
        `INSERT INTO ${tables.job} (state, kind, args, attempt, max_attempts, attempted_at, metadata)
         VALUES ('running', 'test_kind', '{}', 1, 25, now() - interval '2 hours', '{"river:rescue_count": 9007199254740993}') RETURNING id::text AS id`,
      )
    ).rows;
    expect(await new JobRescuer({ executor, tables, ...rescuerDefaults }).runOnce()).toBe(6);
    const { rows } = await pool.query<{ id: string; count: string }>(`SELECT id::text AS id, metadata->>'river:rescue_count' AS count FROM ${tables.job}`);
    const byId = new Map(rows.map((r) => [r.id, r.count]));
    expect(ids.map((id) => byId.get(id))).toEqual(["1", "5", "3", "2", "1"]);
    expect(byId.get(big!.id)).toBe("9007199254740994");
  });
});

describe("JobCleaner", () => {
  it("deletes finalized jobs past each state's retention and nothing else, in batches", async () => {
    const old = async (state: string, agoMs: number) => insertTestJob(pool, tables, { state, finalizedInMs: -agoMs });
    const completedOld = [await old("completed", 25 * HOUR), await old("completed", 25 * HOUR), await old("completed", 30 * HOUR)];
    const completedRecent = await old("completed", 23 * HOUR);
    const cancelledOld = await old("cancelled", 25 * HOUR);
    const cancelledRecent = await old("cancelled", 1 * HOUR);
    const discardedDayOld = await old("discarded", 25 * HOUR);
    const discardedWeekOld = await old("discarded", 8 * DAY);
    const available = await insertTestJob(pool, tables, { state: "available", scheduledInMs: -30 * DAY });
    const retryable = await insertTestJob(pool, tables, { state: "retryable", scheduledInMs: -30 * DAY });

    const deleted = await new JobCleaner({ executor, tables, ...retentionDefaults, batchSize: 2 }).runOnce();
    expect(deleted).toBe(5);
    const jobs = await readJobs(pool, tables);
    for (const id of [...completedOld, cancelledOld, discardedWeekOld]) expect(jobs.has(id)).toBe(false);
    for (const id of [completedRecent, cancelledRecent, discardedDayOld, available, retryable]) expect(jobs.has(id)).toBe(true);
  });

  it("uses the configured retentions; Infinity keeps a state forever", async () => {
    const completed = await insertTestJob(pool, tables, { state: "completed", finalizedInMs: -10 * 60_000 });
    const cancelled = await insertTestJob(pool, tables, { state: "cancelled", finalizedInMs: -10 * 60_000 });
    const discarded = await insertTestJob(pool, tables, { state: "discarded", finalizedInMs: -365 * DAY });
    const cleaner = new JobCleaner({
      executor,
      tables,
      completedJobRetention: 5 * 60_000,
      cancelledJobRetention: HOUR,
      discardedJobRetention: Number.POSITIVE_INFINITY,
    });
    expect(await cleaner.runOnce()).toBe(1);
    const jobs = await readJobs(pool, tables);
    expect(jobs.has(completed)).toBe(false);
    expect(jobs.has(cancelled)).toBe(true);
    expect(jobs.has(discarded)).toBe(true);
  });
});

describe("QueueCleaner", () => {
  it("deletes only queues not updated for the retention period", async () => {
    await pool.query(
      `INSERT INTO ${tables.queue} (name, updated_at) VALUES
        ('stale', now() - interval '25 hours'), ('fresh', now() - interval '1 hour'), ('new', now())`,
    );
    expect(await new QueueCleaner({ executor, tables }).runOnce()).toBe(1);
    const { rows } = await pool.query<{ name: string }>(`SELECT name FROM ${tables.queue} ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(["fresh", "new"]);
    expect(await new QueueCleaner({ executor, tables, queueRetention: 30 * 60_000 }).runOnce()).toBe(1);
  });
});

describe("MaintenanceRunner", () => {
  it("runs services on their intervals while started and not after stop", async () => {
    const logger = capturingLogger();
    const runner = new MaintenanceRunner({
      tasks: standardMaintenanceTasks({ executor, tables, ...maintenanceDefaults, schedulerInterval: 50 }),
      logger,
    });
    runner.start();
    const first = await insertTestJob(pool, tables, { state: "scheduled", scheduledInMs: 150 });
    await waitFor(async () => (await readJobs(pool, tables)).get(first)?.state === "available", 2_000, "scheduler run");
    await runner.stop();
    expect(runner.running).toBe(false);

    const afterStop = await insertTestJob(pool, tables, { state: "scheduled", scheduledInMs: -1_000 });
    await sleep(250);
    expect((await readJobs(pool, tables)).get(afterStop)?.state).toBe("scheduled");
    expect(logger.entries.filter((e) => e.level === "warn")).toEqual([]);
  });

  it("logs a failing service and keeps running it and the others", async () => {
    const logger = capturingLogger();
    let failures = 0;
    const broken: MaintenanceService = {
      name: "broken",
      runOnce: async () => {
        failures++;
        throw new Error("boom");
      },
    };
    const runner = new MaintenanceRunner({
      tasks: [
        { service: broken, intervalMs: 30 },
        { service: new JobScheduler({ executor, tables }), intervalMs: 30 },
      ],
      logger,
    });
    const due = await insertTestJob(pool, tables, { state: "scheduled", scheduledInMs: -1_000 });
    runner.start();
    try {
      await waitFor(() => failures >= 3, 2_000, "repeated runs of the broken service");
      await waitFor(async () => (await readJobs(pool, tables)).get(due)?.state === "available", 2_000, "scheduler run");
      expect(logger.entries.some((e) => e.level === "warn" && (e.fields as { service?: string }).service === "broken")).toBe(true);
    } finally {
      await runner.stop();
    }
  });

  it("runAllOnce runs each service once and reports rows by service", async () => {
    await insertTestJob(pool, tables, { state: "scheduled", scheduledInMs: -1_000 });
    await insertTestJob(pool, tables, { state: "completed", finalizedInMs: -2 * DAY });
    const runner = new MaintenanceRunner({ tasks: standardMaintenanceTasks({ executor, tables, ...maintenanceDefaults }), logger: capturingLogger() });
    expect(await runner.runAllOnce()).toEqual({ "job-scheduler": 1, "job-rescuer": 0, "job-cleaner": 1, "queue-cleaner": 0 });
  });
});
