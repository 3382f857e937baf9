// River's runtime semantics end to end: stop interrupts, timeouts, stale outcomes, cancel requests, counters, events.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Client, type JobEvent, type JobRow, migrate, snooze } from "@tributary/core";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let ctx: PgTestContext;

beforeEach(async () => {
  ctx = await pgTestContext("sem");
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await ctx.close();
});

interface Row {
  state: string;
  attempt: number;
  errors: unknown[] | null;
  attempted_by: string[] | null;
  finalized_at: Date | null;
  scheduled_at: Date;
  metadata: Record<string, unknown>;
}
const row = async (id: string): Promise<Row> =>
  (await ctx.query<Row>("SELECT state::text, attempt, errors, attempted_by, finalized_at, scheduled_at, metadata FROM $schema.river_job WHERE id = $1", [id]))[0]!;

/** A client with one queue whose worker for "job" is `work`. */
function worker(work: (job: JobRow, ctx: { signal: AbortSignal; client: unknown }) => Promise<unknown>, config: Parameters<PgTestContext["client"]>[0] = {}): Client<pg.PoolClient> {
  return ctx.client({ logger: quiet, pollInterval: 100, queues: { default: { maxWorkers: 5 } }, workers: { job: work }, ...config });
}

/** A promise opened once by hand: "the handler started", "let the handler finish". */
function latch(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

/** Resolves when `signal` aborts; rejects with its reason, as a handler that honours its signal would. */
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

describe("stop interrupts without burning an attempt", () => {
  it("a job on its last attempt whose handler honours the stop signal goes back to available, attempt restored, nothing recorded", async () => {
    const { open: started, opened: running } = latch();
    const client = worker(async (_job, { signal }) => {
      started();
      await untilAborted(signal);
    });
    const interrupted: JobEvent[] = [];
    client.on("job:interrupted", (e) => interrupted.push(e));
    await client.start();
    const { job } = await client.insert("job", {}, { maxAttempts: 1 });
    await running;
    const before = await row(job.id);
    await client.stop({ timeout: 100 });
    const after = await row(job.id);
    expect(after.state).toBe("available");
    expect(after.attempt).toBe(0);
    expect(after.errors).toBeNull();
    expect(after.attempted_by).toEqual(before.attempted_by);
    expect(after.finalized_at).toBeNull();
    expect(Math.abs(after.scheduled_at.getTime() - Date.now())).toBeLessThan(5_000);
    expect(interrupted.map((e) => [e.job.id, e.job.state, e.job.attempt])).toEqual([[job.id, "available", 0]]);
  });

  it("stop() returns within timeout + 500 ms when a handler ignores its signal, and leaves its row running", async () => {
    const { open: started, opened: running } = latch();
    const { open: release, opened: hang } = latch();
    const client = worker(async () => {
      started();
      await hang;
    });
    await client.start();
    const { job } = await client.insert("job", {});
    await running;
    const t0 = performance.now();
    await client.stop({ timeout: 200 });
    const took = performance.now() - t0;
    expect(took).toBeLessThan(200 + 500 + 250);
    expect((await row(job.id)).state).toBe("running");
    release();
    await new Promise((r) => setTimeout(r, 100));
    // Settling after stop gave up writes nothing: the rescuer owns the row now.
    expect((await row(job.id)).state).toBe("running");
  });

  it("a handler that resolves after the stop signal has completed its job", async () => {
    const { open: started, opened: running } = latch();
    const client = worker(async (_job, { signal }) => {
      started();
      await new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
    });
    await client.start();
    const { job } = await client.insert("job", {});
    await running;
    await client.stopAndCancel();
    expect((await row(job.id)).state).toBe("completed");
  });
});

describe("a timeout fails the attempt even when the handler ignores its signal", () => {
  it("keeps the row running until the handler settles, then records a failed attempt naming the timeout", async () => {
    const { open: release, opened: hang } = latch();
    const client = worker(async () => {
      await hang;
      return "done";
    }, { jobTimeout: 100, retryPolicy: () => new Date(Date.now() + 3_600_000) });
    await client.start();
    const { job } = await client.insert("job", {});
    await new Promise((r) => setTimeout(r, 400));
    expect((await row(job.id)).state).toBe("running");
    release();
    await waitFor("the failed attempt", async () => (await row(job.id)).state === "retryable", 5_000);
    const after = await row(job.id);
    expect(after.errors).toHaveLength(1);
    expect(JSON.stringify(after.errors)).toContain("timed out after 100 ms");
  });

  it("emits job:stuck once after jobStuckThreshold, and onStuckJob's addWorkerSlot lets the queue run another job", async () => {
    const { open: release, opened: hang } = latch();
    const stuck: { stuckCount: number }[] = [];
    const client = ctx.client({
      logger: quiet,
      pollInterval: 100,
      jobTimeout: 50,
      jobStuckThreshold: 100,
      onStuckJob: ({ stuckCount }) => {
        stuck.push({ stuckCount });
        return { addWorkerSlot: true };
      },
      queues: { default: { maxWorkers: 1 } },
      workers: { hang: async () => hang, quick: async () => {} },
    });
    const stuckEvents: string[] = [];
    client.on("job:stuck", (e) => stuckEvents.push(e.job.id));
    await client.start();
    const { job: hung } = await client.insert("hang", {});
    await waitFor("the hung job is stuck", async () => stuck.length === 1, 5_000);
    const { job: next } = await client.insert("quick", {});
    // maxWorkers is 1 and the hung job still runs: only the freed slot lets this one through.
    await waitFor("the next job completed", async () => (await row(next.id)).state === "completed", 5_000);
    expect(stuck).toEqual([{ stuckCount: 1 }]);
    expect(stuckEvents).toEqual([hung.id]);
    release();
  });
});

describe("outcomes are guarded by the fetch that produced them", () => {
  /** Runs one job, applies `rewrite` (SQL on its row, $1 = id) while the handler runs, then lets it finish; resolves on job:stale. */
  async function finishAfterRewrite(rewrite: string): Promise<string> {
    const { open: started, opened: running } = latch();
    const { open: release, opened: hang } = latch();
    const client = worker(async () => {
      started();
      await hang;
    });
    const stale: string[] = [];
    client.on("job:stale", (e) => stale.push(e.job.id));
    await client.start();
    const { job } = await client.insert("job", {});
    await running;
    await ctx.query(rewrite, [job.id]);
    release();
    await waitFor("job:stale", async () => stale.length === 1, 5_000);
    return job.id;
  }

  it("a late completion of an attempt that was rescued and fetched again does not finish the other run", async () => {
    // What a rescue and another worker's fetch leave: the row running again, a later attempt.
    const id = await finishAfterRewrite(
      "UPDATE $schema.river_job SET attempt = attempt + 1, attempted_at = now(), attempted_by = attempted_by || 'other'::text WHERE id = $1",
    );
    const after = await row(id);
    expect(after.state).toBe("running");
    expect(after.attempt).toBe(2);
  });

  it("an attempted_at differing by microseconds only is another run", async () => {
    // Same attempt, same millisecond Date in JavaScript: only the exact text tells them apart.
    const id = await finishAfterRewrite("UPDATE $schema.river_job SET attempted_at = attempted_at + interval '1 microsecond' WHERE id = $1");
    expect((await row(id)).state).toBe("running");
  });

  it("completeTx with the JobRow of an attempt that is no longer the run throws JOB_ATTEMPT_STALE and writes nothing", async () => {
    let seen: JobRow | undefined;
    const { open: started, opened: running } = latch();
    const { open: release, opened: hang } = latch();
    const client = worker(async (job) => {
      seen = job;
      started();
      await hang;
    });
    await client.start();
    const { job } = await client.insert("job", {});
    await running;
    await ctx.query("UPDATE $schema.river_job SET attempt = attempt + 1, attempted_at = now() WHERE id = $1", [job.id]);
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      await expect(client.completeTx(conn, seen!)).rejects.toMatchObject({ code: "JOB_ATTEMPT_STALE" });
      await conn.query("ROLLBACK");
    } finally {
      conn.release();
    }
    expect((await row(job.id)).state).toBe("running");
    release();
  });
});

describe("a cancel requested while running", () => {
  it("turns a retry into cancelled even when the notification was missed", async () => {
    const { open: started, opened: running } = latch();
    const { open: release, opened: hang } = latch();
    const client = worker(async () => {
      started();
      await hang;
      throw new Error("failed after the cancel request");
    }, { retryPolicy: () => new Date(Date.now() + 60_000) });
    await client.start();
    const { job } = await client.insert("job", {});
    await running;
    // The request as cancelJob writes it, without the control notification.
    await ctx.query(`UPDATE $schema.river_job SET metadata = jsonb_set(metadata, '{cancel_attempted_at}', to_jsonb(now())) WHERE id = $1`, [job.id]);
    release();
    await waitFor("cancelled", async () => (await row(job.id)).state === "cancelled", 5_000);
    expect((await row(job.id)).finalized_at).toBeInstanceOf(Date);
  });
});

describe("River's counters", () => {
  const fixtures = fileURLToPath(new URL("../../core/test/data/river-conformance/fixtures/maintenance_values.json", import.meta.url));

  it("snoozes is read River's forgiving way, for every golden case", async () => {
    const client = worker(async (job) => ((job.metadata as { done?: boolean }).done ? undefined : snooze(3_600_000)));
    // The cases go through PostgreSQL's own JSON parser, so 1e3 and 9007199254740993 stay exact.
    const cases = await ctx.query<{ name: string; metadata: string; expected: string }>(
      `SELECT c->>'name' AS name, (c->'metadata')::text AS metadata, c->>'expected_snoozes' AS expected
       FROM jsonb_array_elements($1::jsonb->'snooze_counters') AS c`,
      [readFileSync(fixtures, "utf8")],
    );
    expect(cases.length).toBeGreaterThanOrEqual(16);
    const ids = new Map<string, string>();
    for (const c of cases) {
      const [{ id }] = (await ctx.query<{ id: string }>(
        "INSERT INTO $schema.river_job (kind, args, metadata, max_attempts) VALUES ('job', '{}', $1::jsonb, 25) RETURNING id::text",
        [c.metadata],
      )) as [{ id: string }];
      ids.set(c.name, id);
    }
    await client.start();
    await waitFor("every case snoozed", async () => {
      const [{ n }] = (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM $schema.river_job WHERE state = 'scheduled'")) as [{ n: number }];
      return n === cases.length;
    }, 10_000);
    const got = await ctx.query<{ id: string; snoozes: string }>("SELECT id::text, metadata->>'snoozes' AS snoozes FROM $schema.river_job");
    const byId = new Map(got.map((g) => [g.id, g.snoozes]));
    expect(Object.fromEntries(cases.map((c) => [c.name, byId.get(ids.get(c.name)!)]))).toEqual(Object.fromEntries(cases.map((c) => [c.name, c.expected])));
  });
});

describe("events say what was persisted, after it was persisted", () => {
  it("job:started, then job:completed with the committed state, attempt and finalizedAt", async () => {
    const client = worker(async () => {});
    const seen: string[] = [];
    let persistedAtEvent: string | undefined;
    let completed: JobEvent | undefined;
    client.on("job:started", (e) => seen.push(`started:${e.job.state}`));
    client.on("job:completed", (e) => {
      seen.push(`completed:${e.job.state}`);
      completed = e;
      void row(e.job.id).then((r) => {
        persistedAtEvent = r.state;
      });
    });
    await client.start();
    await client.insert("job", {});
    await waitFor("completed", async () => persistedAtEvent !== undefined, 5_000);
    expect(seen).toEqual(["started:running", "completed:completed"]);
    expect(completed!.job.finalizedAt).toBeInstanceOf(Date);
    expect(completed!.job.attempt).toBe(1);
    expect(persistedAtEvent).toBe("completed");
  });

  it("a worker that completes its job with completeTx and then throws reports job:completed, not job:failed", async () => {
    const events: string[] = [];
    const client: Client<pg.PoolClient> = worker(async (job) => {
      const conn = await ctx.pool.connect();
      try {
        await conn.query("BEGIN");
        await client.completeTx(conn, job);
        await conn.query("COMMIT");
      } finally {
        conn.release();
      }
      throw new Error("after the commit");
    });
    client.on("job:completed", (e) => events.push(`completed:${e.job.state}`));
    client.on("job:failed", () => events.push("failed"));
    await client.start();
    const { job } = await client.insert("job", {});
    await waitFor("an event", async () => events.length > 0, 5_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual(["completed:completed"]);
    expect((await row(job.id)).state).toBe("completed");
  });

  it("throw cancel(…) emits job:cancelled with its error", async () => {
    const { cancel } = await import("@tributary/core");
    const client = worker(async () => {
      throw cancel("account closed");
    });
    let event: JobEvent | undefined;
    client.on("job:cancelled", (e) => {
      event = e;
    });
    await client.start();
    await client.insert("job", {});
    await waitFor("job:cancelled", async () => event !== undefined, 5_000);
    expect((event!.error as Error).message).toBe("account closed");
    expect(event!.job.state).toBe("cancelled");
  });
});

describe("attempted_by", () => {
  it("each fetch appends the client's id, keeping River's last 100 entries", async () => {
    const client = worker(async () => {}, { id: "me" });
    const jobs = await client.insertMany([0, 1, 2, 3].map((n) => ({ kind: "job", args: { n } })));
    const [none, empty, ninetyNine, hundred] = jobs.map((j) => j.job.id);
    const others = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
    await ctx.query("UPDATE $schema.river_job SET attempted_by = $2::text[] WHERE id = $1", [empty, []]);
    await ctx.query("UPDATE $schema.river_job SET attempted_by = $2::text[] WHERE id = $1", [ninetyNine, others(99)]);
    await ctx.query("UPDATE $schema.river_job SET attempted_by = $2::text[] WHERE id = $1", [hundred, others(100)]);
    await client.start();
    await waitFor("all completed", async () => (await ctx.query("SELECT 1 FROM $schema.river_job WHERE state <> 'completed'")).length === 0);
    expect((await row(none!)).attempted_by).toEqual(["me"]);
    expect((await row(empty!)).attempted_by).toEqual(["me"]);
    expect((await row(ninetyNine!)).attempted_by).toEqual([...others(99), "me"]);
    expect((await row(hundred!)).attempted_by).toEqual([...others(100).slice(1), "me"]);
  });
});
