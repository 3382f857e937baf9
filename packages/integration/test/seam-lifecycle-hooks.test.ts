// The seam's client-start and committed-outcome hooks, and the abort reason workEnd reports: what a plugin such as @tributary/otel builds on.
import { type AbortTrigger, type Client, cancel, discard, type Hooks, migrate, snooze, type WorkOutcomeEvent } from "@tributary/core";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let ctx: PgTestContext;
beforeEach(async () => {
  ctx = await pgTestContext("seam_life");
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await ctx.close();
});

const state = async (id: string) => (await ctx.query<{ state: string }>("SELECT state::text FROM $schema.river_job WHERE id = $1", [id]))[0]?.state;

describe("clientStart", () => {
  it("runs once per start with the client, typed, before any job is fetched or leadership sought; a throwing one is ignored", async () => {
    const seen: { leader: boolean; started: number; sameClient: boolean }[] = [];
    let started = 0;
    let client: Client<pg.PoolClient> | undefined;
    const hooks: Hooks<Client<pg.PoolClient>>[] = [
      {
        clientStart: ({ client: c }) => {
          seen.push({ leader: c.isLeader, started, sameClient: c === client });
          c.on("job:started", () => {
            started++;
          });
        },
      },
      {
        clientStart: () => {
          throw new Error("ignored");
        },
      },
    ];
    client = ctx.client({ logger: quiet, hooks, queues: { default: { maxWorkers: 1 } }, workers: { ok: async () => {} } });
    const { job } = await client.insert("ok", {});
    await client.start();
    await client.start(); // already started: no second call
    await waitFor("the job completed", async () => (await state(job.id)) === "completed", 5_000);
    expect(seen).toEqual([{ leader: false, started: 0, sameClient: true }]);
    // The listener it added before the producers started saw the first fetched job.
    expect(started).toBe(1);
  });
});

describe("workOutcome", () => {
  it("gets each attempt's outcome after it committed, with the persisted job and the error; worker hooks too; a throwing one is ignored", async () => {
    const outcomes: (Pick<WorkOutcomeEvent, "outcome"> & { kind: string; stateInEvent: string; stateInDb: string | undefined; error?: string })[] = [];
    const workerOutcomes: string[] = [];
    const record = async ({ job, outcome, error }: WorkOutcomeEvent) => {
      // Committed: another connection already reads the new state.
      const stateInDb = await state(job.id);
      outcomes.push({ kind: job.kind, outcome, stateInEvent: job.state, stateInDb, ...(error === undefined ? {} : { error: (error as Error).message }) });
    };
    const client = ctx.client({
      logger: quiet,
      retryPolicy: () => new Date(Date.now() + 3_600_000),
      hooks: [{ workOutcome: record }, { workOutcome: () => Promise.reject(new Error("ignored")) }],
      queues: { default: { maxWorkers: 4 } },
      workers: {
        ok: { work: async () => {}, hooks: { workOutcome: ({ outcome }) => void workerOutcomes.push(outcome) } },
        flaky: async () => {
          throw new Error("boom");
        },
        later: async () => snooze(60_000),
        bad: async () => {
          throw discard("bad input");
        },
        stop: async () => {
          throw cancel("account closed");
        },
      },
    });
    for (const kind of ["ok", "flaky", "later", "bad", "stop"]) await client.insert(kind, {});
    await client.start();
    await waitFor("five outcomes", () => outcomes.length === 5, 5_000);
    const byKind = Object.fromEntries(outcomes.map((o) => [o.kind, o]));
    expect(byKind.ok).toEqual({ kind: "ok", outcome: "completed", stateInEvent: "completed", stateInDb: "completed" });
    expect(byKind.flaky).toEqual({ kind: "flaky", outcome: "failed", stateInEvent: "retryable", stateInDb: "retryable", error: "boom" });
    expect(byKind.later).toMatchObject({ outcome: "snoozed", stateInEvent: "scheduled", stateInDb: "scheduled" });
    expect(byKind.bad).toMatchObject({ outcome: "discarded", stateInEvent: "discarded", stateInDb: "discarded", error: "bad input" });
    expect(byKind.stop).toMatchObject({ outcome: "cancelled", stateInEvent: "cancelled", stateInDb: "cancelled", error: "account closed" });
    // Only the ok worker's own hook, for its own job.
    expect(workerOutcomes).toEqual(["completed"]);
  });
});

describe("events nobody hears are not built, events someone hears are", () => {
  it("a worker's own workOutcome hook hears its jobs with no client hook or listener; a listener added while running hears the next job", async () => {
    const workerOutcomes: { outcome: string; state: string }[] = [];
    const client = ctx.client({
      logger: quiet,
      queues: { default: { maxWorkers: 1 } },
      workers: {
        watched: { work: async () => {}, hooks: { workOutcome: ({ outcome, job }) => void workerOutcomes.push({ outcome, state: job.state }) } },
        plain: async () => {},
      },
    });
    await client.insert("watched", {});
    await client.insert("plain", {});
    await client.start();
    await waitFor("the watched job's outcome", () => workerOutcomes.length === 1, 5_000);
    expect(workerOutcomes).toEqual([{ outcome: "completed", state: "completed" }]);
    const heard: string[] = [];
    client.on("job:started", ({ job }) => void heard.push(`started ${job.kind}`));
    client.on("job:completed", ({ job }) => void heard.push(`completed ${job.kind} ${job.state}`));
    await client.insert("plain", {});
    await waitFor("the listener heard the next job", () => heard.length === 2, 5_000);
    expect(heard).toEqual(["started plain", "completed plain completed"]);
    await client.stop();
  });
});

describe("workEnd's abort", () => {
  it("says what aborted the signal: the timeout, a cancel request, or stop(); nothing when it was not aborted", async () => {
    const ends = new Map<string, AbortTrigger | "none">();
    const untilAborted = (_job: unknown, c: { signal: AbortSignal }) =>
      new Promise((_, reject) => c.signal.addEventListener("abort", () => reject(new Error("aborted"))));
    const client = ctx.client({
      logger: quiet,
      retryPolicy: () => new Date(Date.now() + 3_600_000),
      hooks: { workEnd: ({ job, abort }) => void ends.set(job.kind, abort?.trigger ?? "none") },
      queues: { default: { maxWorkers: 4 } },
      workers: { fine: async () => {}, slow: { work: untilAborted, jobTimeout: 100 }, cancelled: untilAborted, interrupted: untilAborted },
    });
    await client.insert("fine", {});
    await client.insert("slow", {});
    const cancelled = await client.insert("cancelled", {});
    await client.insert("interrupted", {});
    await client.start();
    await waitFor("the timeout", () => ends.has("slow"), 5_000);
    await waitFor("cancelled running", async () => (await state(cancelled.job.id)) === "running", 5_000);
    await client.cancelJob(cancelled.job.id);
    await waitFor("the cancel", () => ends.has("cancelled"), 5_000);
    await client.stop({ timeout: 50 });
    expect(Object.fromEntries(ends)).toEqual({ fine: "none", slow: "timeout", cancelled: "cancel", interrupted: "stop" });
  });
});
