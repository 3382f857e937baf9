// Typed jobs on node-postgres with real validators (zod and valibot): validation at insert, before work, and on periodic jobs.
import { Client, type JobDefinition, type JobRow, type JobWorker, defineJob, defineWorker, isTributaryError, migrate, workersFor } from "@tributary/core";
import { createIsolatedSchema, type IsolatedSchema, quietLogger, waitFor } from "@tributary/test-db";
import pg from "pg";
import * as v from "valibot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { pgDriver } from "../src/index.js";

let schema: IsolatedSchema;
let pool: pg.Pool;

beforeEach(async () => {
  schema = await createIsolatedSchema("typed");
  pool = new pg.Pool({ connectionString: schema.url, max: 4 });
  await migrate(pgDriver(pool), { schema: schema.name, logger: quietLogger });
});
afterEach(async () => {
  await pool.end();
  await schema.drop();
});

/** An async refinement's wait: the value, a few milliseconds later. */
function settle<T>(value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), 5));
}

/** The same jobs, once per validator library. */
const LIBRARIES = [
  {
    name: "zod",
    email: () => defineJob({ kind: "send_email", schema: z.object({ to: z.string(), at: z.coerce.date() }) }),
    shout: () => defineJob({ kind: "shout", schema: z.object({ text: z.string().transform((s) => s.toUpperCase()) }) }),
    exact: () => defineJob({ kind: "exact_id", schema: z.object({ id: z.bigint(), n: z.number() }) }),
    dated: () => defineJob({ kind: "dated", schema: z.object({ at: z.date() }) }),
    slow: () =>
      defineJob({
        kind: "slow_check",
        schema: z.object({ code: z.string().refine(async (c) => (await settle(c)) === "ok", "code is not ok") }),
      }),
  },
  {
    name: "valibot",
    email: () => defineJob({ kind: "send_email", schema: v.object({ to: v.string(), at: v.pipe(v.string(), v.transform((s) => new Date(s))) }) }),
    shout: () => defineJob({ kind: "shout", schema: v.object({ text: v.pipe(v.string(), v.transform((s) => s.toUpperCase())) }) }),
    exact: () => defineJob({ kind: "exact_id", schema: v.object({ id: v.bigint(), n: v.number() }) }),
    dated: () => defineJob({ kind: "dated", schema: v.object({ at: v.date() }) }),
    slow: () =>
      defineJob({
        kind: "slow_check",
        schema: v.objectAsync({ code: v.pipeAsync(v.string(), v.checkAsync(async (c) => (await settle(c)) === "ok", "code is not ok")) }),
      }),
  },
] as const;

async function jobCount(): Promise<number> {
  return (await pool.query(`SELECT count(*)::int AS n FROM "${schema.name}".river_job`)).rows[0].n;
}

async function insertRaw(kind: string, argsJson: string, maxAttempts = 5): Promise<string> {
  const { rows } = await pool.query(`INSERT INTO "${schema.name}".river_job (kind, args, max_attempts) VALUES ($1, $2::jsonb, $3) RETURNING id::text`, [kind, argsJson, maxAttempts]);
  return rows[0].id;
}

/** Rejects with the error `fn` throws (fails when it resolves). */
async function errorOf(fn: () => Promise<unknown>): Promise<Error & { code?: string; field?: string; issues?: { message: string; path?: unknown[] }[] }> {
  try {
    await fn();
  } catch (err) {
    return err as never;
  }
  throw new Error("expected a rejection");
}

/** An issue's path as keys (valibot gives segment objects, zod plain keys: both are Standard Schema). */
function pathOf(issue: { path?: unknown[] } | undefined): unknown[] {
  return (issue?.path ?? []).map((seg) => (typeof seg === "object" && seg !== null ? (seg as { key: unknown }).key : seg));
}

const LATER = () => new Date(Date.now() + 3_600_000);

describe.each(LIBRARIES)("typed jobs with $name", (lib) => {
  function client(workers: JobWorker[] = [], extra: Partial<ConstructorParameters<typeof Client>[0]> = {}) {
    const driver = pgDriver(pool);
    return new Client({ driver, schema: schema.name, logger: quietLogger, pollInterval: 50, retryPolicy: LATER, ...(workers.length ? { queues: { default: { maxWorkers: 2 } }, workers } : {}), ...extra });
  }

  it("refuses bad args at insert with INVALID_ARGUMENT and the schema's issues, writing nothing", async () => {
    const email = lib.email();
    const c = client();
    // biome-ignore lint/suspicious/noExplicitAny: the check is exactly a caller that bypasses the types
    const err = await errorOf(() => c.insert(email, { to: 1, at: "2026-12-01" } as any));
    expect(isTributaryError(err, "INVALID_ARGUMENT")).toBe(true);
    expect(err.field).toBe("args");
    expect(pathOf(err.issues?.[0])).toEqual(["to"]);
    expect(err.message).toMatch(/^args: does not match the schema of "send_email": to: /);
    const conn = await pool.connect();
    try {
      await conn.query("BEGIN");
      expect((await errorOf(() => c.insertTx(conn, email, { at: "x" } as never))).code).toBe("INVALID_ARGUMENT");
      await conn.query("COMMIT");
    } finally {
      conn.release();
    }
    const many = await errorOf(() => c.insertMany([{ job: email, args: { to: "a@example.com", at: "2026-12-01" } }, { job: email, args: { to: null } as never }]));
    expect((many as { field?: string }).field).toBe("jobs[1].args");
    expect(await jobCount()).toBe(0);
  });

  it("validates what the row will hold: a Date arg fails a date schema at the first insert", async () => {
    const dated = lib.dated();
    const err = await errorOf(() => client().insert(dated, { at: new Date() }));
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(pathOf(err.issues?.[0])).toEqual(["at"]);
    expect(await jobCount()).toBe(0);
  });

  it("awaits an async schema before writing", async () => {
    const slow = lib.slow();
    const c = client();
    expect((await errorOf(() => c.insert(slow, { code: "nope" }))).message).toMatch(/code is not ok/);
    expect(await jobCount()).toBe(0);
    await c.insert(slow, { code: "ok" });
    expect(await jobCount()).toBe(1);
  });

  it("stores the validated input and gives the worker the schema's output, integers beyond 2^53 as bigint", async () => {
    const shout = lib.shout();
    const exact = lib.exact();
    const email = lib.email();
    const seen: JobRow<unknown>[] = [];
    const record = async (job: JobRow<unknown>) => {
      seen.push(job);
    };
    const c = client([defineWorker(shout, record), defineWorker(exact, record), defineWorker(email, record)]);
    const { job } = await c.insert(shout, { text: "hello" });
    expect(job.args).toEqual({ text: "hello" });
    await c.insert(exact, { id: 2n ** 60n + 1n, n: 1.5 });
    await c.insert(email, { to: "a@example.com", at: "2026-12-01T10:00:00.000Z" });
    await c.start();
    try {
      await waitFor("three jobs worked", () => seen.length === 3);
    } finally {
      await c.stop();
    }
    const byKind = new Map(seen.map((j) => [j.kind, j.args as Record<string, unknown>]));
    expect(byKind.get("shout")).toEqual({ text: "HELLO" });
    expect(byKind.get("exact_id")).toEqual({ id: 2n ** 60n + 1n, n: 1.5 });
    expect(byKind.get("send_email")?.at).toBeInstanceOf(Date);
    expect((await c.getJob(job.id))?.args).toEqual({ text: "hello" });
  });

  it("validates a string-kind insert against the schema of this client's worker for the kind", async () => {
    const c = client([defineWorker(lib.email(), async () => {})]);
    expect((await errorOf(() => c.insert("send_email", { to: 5 }))).code).toBe("INVALID_ARGUMENT");
    expect(await jobCount()).toBe(0);
  });

  it("fails the attempt of a stored row with bad args, with the issues, and retries it", async () => {
    let worked = 0;
    const c = client([
      defineWorker(lib.email(), async () => {
        worked += 1;
      }),
    ]);
    const id = await insertRaw("send_email", '{"to": 42}');
    await c.start();
    try {
      await waitFor("the attempt to fail", async () => (await c.getJob(id))?.state === "retryable");
    } finally {
      await c.stop();
    }
    const row = await c.getJob(id);
    expect(worked).toBe(0);
    expect(row?.attempt).toBe(1);
    expect(row?.errors[0]?.error).toMatch(/^args: does not match the schema of "send_email": to: /);
    expect(row?.args).toEqual({ to: 42 });
  });

  it("discards such a row at once with discardOnInvalidArgs, on the client or on the worker", async () => {
    const email = lib.email();
    const shout = lib.shout();
    const c = client([defineWorker(email, async () => {}), defineWorker(shout, async () => {}, { discardOnInvalidArgs: false })], { discardOnInvalidArgs: true });
    const bad = await insertRaw("send_email", "{}");
    const kept = await insertRaw("shout", '{"text": 1}');
    await c.start();
    try {
      await waitFor("both attempts to end", async () => (await c.getJob(bad))?.state === "discarded" && (await c.getJob(kept))?.state === "retryable");
    } finally {
      await c.stop();
    }
    expect((await c.getJob(bad))?.errors[0]?.error).toMatch(/does not match the schema of "send_email"/);
    const own = client([defineWorker(shout, async () => {}, { discardOnInvalidArgs: true })]);
    const next = await insertRaw("shout", "[]");
    await own.start();
    try {
      await waitFor("the worker's option to discard", async () => (await own.getJob(next))?.state === "discarded");
    } finally {
      await own.stop();
    }
  });

  it("lets completeTx finish a typed job inside the worker's transaction", async () => {
    const shout = lib.shout();
    const driver = pgDriver(pool);
    const { defineWorker: define } = workersFor(driver);
    const done: string[] = [];
    const c = new Client({
      driver,
      schema: schema.name,
      logger: quietLogger,
      pollInterval: 50,
      queues: { default: { maxWorkers: 1 } },
      workers: [
        define(shout, async (job, ctx) => {
          const conn = await pool.connect();
          try {
            await conn.query("BEGIN");
            const completed = await ctx.client.completeTx(conn, job);
            await conn.query("COMMIT");
            done.push(completed?.state ?? "none");
          } finally {
            conn.release();
          }
        }),
      ],
    });
    const events: string[] = [];
    c.on("job:completed", (e) => events.push(e.job.id));
    const { job } = await c.insert(shout, { text: "x" });
    await c.start();
    try {
      await waitFor("the completed event", () => events.length === 1);
    } finally {
      await c.stop();
    }
    expect(done).toEqual(["completed"]);
    expect((await c.getJob(job.id))?.state).toBe("completed");
  });

  it("checks periodic jobs' args: a synchronous schema at construction", () => {
    const email = lib.email() as JobDefinition<object, unknown>;
    expect(() => client([defineWorker(email, async () => {})], { periodicJobs: [{ every: 60_000, kind: email, args: { to: 3 } }] })).toThrow(
      /periodicJobs\[0\]\.args: does not match the schema of "send_email"/,
    );
    expect(() => client([defineWorker(email, async () => {})], { periodicJobs: [{ every: 60_000, kind: "send_email", args: {} }] })).toThrow(/INVALID|does not match/);
  });

  it("checks periodic jobs' args: an async schema before the enqueuer inserts a run", async () => {
    const slow = lib.slow() as JobDefinition<object, unknown>;
    const errors: string[] = [];
    const logger = { ...quietLogger, error: (_f: object, message: string) => errors.push(message) };
    const c = client([defineWorker(slow, async () => {})], {
      logger,
      periodicJobs: [
        { every: 60_000, kind: slow, args: { code: "bad" }, id: "bad_run", runOnStart: true },
        { every: 60_000, kind: slow, args: { code: "ok" }, id: "good_run", runOnStart: true },
      ],
    });
    await c.start();
    try {
      await waitFor("the good schedule's runs", async () => (await jobCount()) >= 1);
      await waitFor("the refusal to be logged", () => errors.length > 0);
    } finally {
      await c.stop();
    }
    const { rows } = await pool.query(`SELECT DISTINCT args->>'code' AS code FROM "${schema.name}".river_job`);
    expect(rows.map((r) => r.code)).toEqual(["ok"]);
    expect(errors[0]).toMatch(/do not match its kind's schema/);
  });
});
