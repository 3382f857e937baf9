import { cancel, type Client, type ClientConfig, discard, type JobRow, migrate, snooze } from "@tributary/core";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

let ctx: PgTestContext;

beforeEach(async () => {
  ctx = await pgTestContext("rt", { max: 20 });
  await migrate(ctx.driver, { schema: ctx.schema.name });
  await ctx.pool.query(`CREATE TABLE "${ctx.schema.name}".side_effects (job_id bigint NOT NULL, n int)`);
});
afterEach(async () => {
  await ctx.close();
});

function makeClient(config: Partial<ClientConfig<pg.PoolClient>>): Client<pg.PoolClient> {
  return ctx.client({
    pollInterval: 200,
    retryPolicy: () => new Date(Date.now() + 10),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ...config,
  });
}

const q = <R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> => ctx.query<R>(sql, params);

async function stateCounts(): Promise<Record<string, number>> {
  const rows = await q<{ state: string; n: number }>(`SELECT state::text, count(*)::int AS n FROM $schema.river_job GROUP BY 1`);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function jobIn(id: string, states: string[]): Promise<JobRow | null> {
  const rows = await q<{ state: string }>(`SELECT state::text FROM $schema.river_job WHERE id = $1`, [id]);
  return rows[0] && states.includes(rows[0].state) ? ({ state: rows[0].state } as JobRow) : null;
}

describe("working jobs", () => {
  it("10,000 jobs with maxWorkers 50: every job completed exactly once", async () => {
    const client = makeClient({
      queues: { default: { maxWorkers: 50 } },
      workers: {
        count: async (job, _ctx) => {
          await ctx.pool.query(`INSERT INTO "${ctx.schema.name}".side_effects (job_id) VALUES ($1)`, [job.id]);
        },
      },
    });
    await client.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ kind: "count", args: { i } })));
    await client.start();
    await waitFor("all completed", async () => (await stateCounts()).completed === 10_000, 120_000, 200);
    const [effects] = await q<{ total: number; distinct_ids: number }>(
      `SELECT count(*)::int AS total, count(DISTINCT job_id)::int AS distinct_ids FROM $schema.side_effects`,
    );
    expect(effects).toEqual({ total: 10_000, distinct_ids: 10_000 });
    const [attempts] = await q<{ max: number; bad: number }>(
      `SELECT max(attempt)::int AS max, count(*) FILTER (WHERE finalized_at IS NULL OR attempted_by[1] <> $1)::int AS bad FROM $schema.river_job`,
      [client.id],
    );
    expect(attempts).toEqual({ max: 1, bad: 0 });
  });

  it("a job failing twice then succeeding records two errors with traces, attempt 3, completed", async () => {
    const client = makeClient({
      queues: { default: { maxWorkers: 2 } },
      workers: {
        flaky: async (job) => {
          if (job.attempt < 3) throw new Error(`boom ${job.attempt}`);
        },
      },
    });
    const { job } = await client.insert("flaky", {});
    await client.start();
    await waitFor("completed", async () => (await jobIn(job.id, ["completed"])) !== null);
    const done = (await client.getJob(job.id))!;
    expect(done.attempt).toBe(3);
    expect(done.errors.map((e) => [e.attempt, e.error])).toEqual([
      [1, "boom 1"],
      [2, "boom 2"],
    ]);
    expect(done.errors[0]!.trace).toContain("runtime.test.ts");
    expect(done.errors[0]!.at).toBeInstanceOf(Date);
  });

  it("a job with maxAttempts 2 that always fails ends discarded", async () => {
    const failed: string[] = [];
    const client = makeClient({
      queues: { default: { maxWorkers: 2 } },
      workers: { doomed: async () => Promise.reject(new Error("always")) },
    });
    client.on("job:failed", ({ job }) => failed.push(`failed:${job.attempt}`));
    client.on("job:discarded", ({ job }) => failed.push(`discarded:${job.attempt}`));
    const { job } = await client.insert("doomed", {}, { maxAttempts: 2 });
    await client.start();
    await waitFor("discarded", async () => (await jobIn(job.id, ["discarded"])) !== null);
    const row = (await client.getJob(job.id))!;
    expect(row.errors).toHaveLength(2);
    expect(row.finalizedAt).toBeInstanceOf(Date);
    expect(failed).toEqual(["failed:1", "discarded:2"]);
  });

  it("the default retry policy schedules a failed job about 1 s later as River does", async () => {
    const client = makeClient({
      retryPolicy: undefined,
      queues: { default: { maxWorkers: 1 } },
      workers: { once: async () => Promise.reject(new Error("x")) },
    });
    const { job } = await client.insert("once", {});
    const before = Date.now();
    await client.start();
    await waitFor("errored", async () => ((await client.getJob(job.id))?.errors.length ?? 0) > 0);
    const row = (await client.getJob(job.id))!;
    const delay = row.scheduledAt.getTime() - before;
    expect(delay).toBeGreaterThan(800);
    expect(delay).toBeLessThan(2_500);
  });

  it("an unknown kind fails the attempt with a clear error and the client keeps working", async () => {
    const client = makeClient({ queues: { default: { maxWorkers: 2 } }, workers: { known: async () => {} } });
    // Inserted by a service that does not work this kind (a client with workers would refuse it).
    const inserter = makeClient({});
    const unknown = await inserter.insert("mystery", {}, { maxAttempts: 1 });
    const known = await client.insert("known", {});
    await client.start();
    await waitFor("both finalized", async () => {
      const counts = await stateCounts();
      return counts.completed === 1 && counts.discarded === 1;
    });
    const row = (await client.getJob(unknown.job.id))!;
    expect(row.errors[0]!.error).toBe('unknown job kind "mystery": no worker is registered for it in this client');
    expect((await client.getJob(known.job.id))!.state).toBe("completed");
  });

  it("snooze, cancel and discard helpers steer the job", async () => {
    const client = makeClient({
      queues: { default: { maxWorkers: 3 } },
      workers: {
        sleepy: async (job) => (job.metadata.snoozes ? undefined : snooze(50)),
        quitter: async () => {
          throw cancel("not needed");
        },
        hopeless: async () => discard("bad input"),
      },
    });
    const s = await client.insert("sleepy", {});
    const c = await client.insert("quitter", {});
    const d = await client.insert("hopeless", {});
    await client.start();
    await waitFor("all finalized", async () => {
      const counts = await stateCounts();
      return (counts.completed ?? 0) + (counts.cancelled ?? 0) + (counts.discarded ?? 0) === 3;
    });
    const sleepy = (await client.getJob(s.job.id))!;
    expect(sleepy).toMatchObject({ state: "completed", attempt: 1, metadata: { snoozes: 1 } });
    expect((await client.getJob(c.job.id))!).toMatchObject({ state: "cancelled" });
    expect((await client.getJob(c.job.id))!.errors[0]!.error).toBe("not needed");
    expect((await client.getJob(d.job.id))!).toMatchObject({ state: "discarded" });
  });
});

describe("limits and per-kind settings", () => {
  it("maxConcurrentJobs caps running jobs across queues of one process", async () => {
    let running = 0;
    let peak = 0;
    const nap = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 30));
      running--;
    };
    const client = makeClient({
      maxConcurrentJobs: 3,
      queues: { a: { maxWorkers: 5 }, b: { maxWorkers: 5 } },
      workers: { nap },
    });
    await client.insertMany(Array.from({ length: 30 }, (_, i) => ({ kind: "nap", args: {}, opts: { queue: i % 2 ? "a" : "b" } })));
    await client.start();
    await waitFor("all completed", async () => (await stateCounts()).completed === 30);
    expect(peak).toBe(3);
  });

  it("a worker's own jobTimeout and retryPolicy override the client's", async () => {
    const client = makeClient({
      jobTimeout: 10_000,
      retryPolicy: () => new Date(Date.now() + 10),
      queues: { default: { maxWorkers: 1 } },
      workers: {
        strict: {
          jobTimeout: 50,
          retryPolicy: () => new Date(Date.now() + 3_600_000),
          work: (_job, { signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
        },
      },
    });
    const { job } = await client.insert("strict", {});
    await client.start();
    await waitFor("retryable", async () => (await jobIn(job.id, ["retryable"])) !== null);
    const row = (await client.getJob(job.id))!;
    expect(row.errors[0]!.error).toBe("job timed out after 50 ms");
    expect(row.scheduledAt.getTime() - Date.now()).toBeGreaterThan(3_500_000);
  });
});

describe("timeouts, cancellation, pause", () => {
  it("a timeout aborts ctx.signal and fails the attempt", async () => {
    let aborted: unknown;
    const client = makeClient({
      jobTimeout: 100,
      queues: { default: { maxWorkers: 1 } },
      workers: {
        slow: (_job, { signal }) =>
          new Promise((_, reject) => {
            signal.addEventListener("abort", () => {
              aborted = signal.reason;
              reject(signal.reason);
            });
          }),
      },
    });
    const { job } = await client.insert("slow", {}, { maxAttempts: 1 });
    await client.start();
    await waitFor("discarded", async () => (await jobIn(job.id, ["discarded"])) !== null);
    expect(String(aborted)).toContain("timed out after 100 ms");
    expect((await client.getJob(job.id))!.errors[0]!.error).toBe("job timed out after 100 ms");
  });

  for (const listen of [true, false]) {
    it(`cancelJob from another client ends a running job cancelled (${listen ? "LISTEN" : "polling"})`, async () => {
      const started: string[] = [];
      const worker = makeClient({
        driver: listen ? ctx.driver : (await import("@tributary/driver-pg")).pgDriver(ctx.pool, { listen: false }),
        queues: { default: { maxWorkers: 1 } },
        workers: {
          forever: (job, { signal }) =>
            new Promise((_, reject) => {
              started.push(job.id);
              signal.addEventListener("abort", () => reject(signal.reason));
            }),
        },
      });
      const admin = makeClient({});
      const { job } = await admin.insert("forever", {});
      await worker.start();
      await waitFor("started", () => started.length === 1);
      const afterCancel = await admin.cancelJob(job.id);
      expect(afterCancel.state).toBe("running");
      expect(afterCancel.metadata.cancel_attempted_at).toBeTypeOf("string");
      await waitFor("cancelled", async () => (await jobIn(job.id, ["cancelled"])) !== null, 5_000);
    });
  }

  it("cancelJob cancels a waiting job at once; retryJob and deleteJob", async () => {
    const client = makeClient({});
    const { job } = await client.insert("later", {}, { scheduledAt: new Date(Date.now() + 60_000) });
    const cancelled = await client.cancelJob(job.id);
    expect(cancelled).toMatchObject({ state: "cancelled" });
    expect(cancelled.finalizedAt).toBeInstanceOf(Date);
    const retried = await client.retryJob(job.id);
    expect(retried).toMatchObject({ state: "available", finalizedAt: null });
    const deleted = await client.deleteJob(job.id);
    expect(deleted.id).toBe(job.id);
    expect(await client.getJob(job.id)).toBeNull();
    await expect(client.cancelJob(job.id)).rejects.toMatchObject({ code: "JOB_NOT_FOUND" });
  });

  it("pause stops fetching; resume restarts it", async () => {
    const done: string[] = [];
    const client = makeClient({ queues: { default: { maxWorkers: 5 } }, workers: { work: async (job) => void done.push(job.id) } });
    await client.start();
    await client.pauseQueue("default");
    await client.insert("work", {});
    await new Promise((r) => setTimeout(r, 600)); // three poll intervals
    expect(done).toEqual([]);
    await client.resumeQueue("default");
    await waitFor("worked after resume", () => done.length === 1, 5_000);
  });
});

describe("transactional completion", () => {
  it("completeTx commits the business row and the completion together; on rollback the job runs again", async () => {
    const runs: number[] = [];
    const client = makeClient({
      queues: { default: { maxWorkers: 1 } },
      workers: {
        pay: async (job, { client: c }) => {
          runs.push(job.attempt);
          const conn = await ctx.pool.connect();
          try {
            await conn.query("BEGIN");
            await conn.query(`INSERT INTO "${ctx.schema.name}".side_effects (job_id, n) VALUES ($1, $2)`, [job.id, job.attempt]);
            await (c as Client<pg.PoolClient>).completeTx(conn, job);
            if (job.attempt === 1) throw new Error("crash before commit");
            await conn.query("COMMIT");
          } catch (err) {
            await conn.query("ROLLBACK");
            throw err;
          } finally {
            conn.release();
          }
        },
      },
    });
    const { job } = await client.insert("pay", {});
    await client.start();
    await waitFor("completed", async () => (await jobIn(job.id, ["completed"])) !== null);
    expect(runs).toEqual([1, 2]);
    expect(await q(`SELECT job_id::text, n FROM $schema.side_effects`)).toEqual([{ job_id: job.id, n: 2 }]);
  });
});

describe("leader and stopping", () => {
  it("with three clients exactly one is leader; when it stops another takes over", async () => {
    const three = [0, 1, 2].map((i) => makeClient({ id: `client-${i}`, electionInterval: 200, queues: { default: { maxWorkers: 1 } }, workers: {} }));
    await Promise.all(three.map((c) => c.start()));
    await waitFor("a leader", () => three.some((c) => c.isLeader), 5_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(three.filter((c) => c.isLeader)).toHaveLength(1);
    const [row] = await q<{ leader_id: string }>(`SELECT leader_id FROM $schema.river_leader`);
    const leader = three.find((c) => c.isLeader)!;
    expect(row!.leader_id).toBe(leader.id);
    await leader.stop();
    const rest = three.filter((c) => c !== leader);
    await waitFor("a new leader", () => rest.some((c) => c.isLeader), 2_000);
    expect(rest.filter((c) => c.isLeader)).toHaveLength(1);
  });

  it("the leader's scheduler makes a due retryable job available and it runs", async () => {
    const client = makeClient({
      electionInterval: 200,
      schedulerInterval: 100,
      retryPolicy: () => new Date(Date.now() + 6_000 - 5_500), // short, but exercise retryable via a custom state below
      queues: { default: { maxWorkers: 1 } },
      workers: { work: async () => {} },
    });
    const { job } = await client.insert("work", {});
    await q(`UPDATE $schema.river_job SET state = 'retryable', scheduled_at = now() + interval '300 milliseconds' WHERE id = $1`, [job.id]);
    await client.start();
    await waitFor("completed", async () => (await jobIn(job.id, ["completed"])) !== null, 10_000);
  });

  it("graceful stop while 100 jobs run: all finish and are recorded", async () => {
    let started = 0;
    const client = makeClient({
      queues: { default: { maxWorkers: 100 } },
      workers: {
        nap: async () => {
          started++;
          await new Promise((r) => setTimeout(r, 500));
        },
      },
    });
    await client.insertMany(Array.from({ length: 100 }, () => ({ kind: "nap", args: {} })));
    await client.start();
    await waitFor("100 running", () => started === 100, 10_000);
    await client.stop();
    expect(await stateCounts()).toEqual({ completed: 100 });
  });

  it("a hard stop aborts running jobs' signals and still records their outcomes", async () => {
    const client = makeClient({
      queues: { default: { maxWorkers: 5 } },
      workers: {
        stubborn: (_job, { signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
      },
    });
    await client.insertMany(Array.from({ length: 5 }, () => ({ kind: "stubborn", args: {} })));
    await client.start();
    await waitFor("running", async () => (await stateCounts()).running === 5);
    await client.stopAndCancel();
    const counts = await stateCounts();
    expect(counts.running).toBeUndefined();
    expect((counts.available ?? 0) + (counts.retryable ?? 0)).toBe(5);
  });
});
