import { type Client, type ClientConfig, isTributaryError, migrate } from "@tributary/core";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";
import { type FixtureProcess, killAll, startFixtureProcess, stopFixtureProcess } from "./support/worker-processes.js";

let ctx: PgTestContext;
let children: FixtureProcess[] = [];

beforeEach(async () => {
  ctx = await pgTestContext("per", { max: 10 });
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await killAll(children);
  children = [];
  await ctx.close();
});

function makeClient(config: Partial<ClientConfig<pg.PoolClient>>): Client<pg.PoolClient> {
  return ctx.client({
    pollInterval: 100,
    electionInterval: 200,
    queues: { default: { maxWorkers: 5 } },
    workers: { tick: async () => {}, hourly: async () => {}, daily: async () => {} },
    ...config,
  });
}

const q = <R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> => ctx.query<R>(sql, params);

async function runsOf(periodicId: string): Promise<{ id: string; state: string; scheduled_at: Date }[]> {
  return q(
    `SELECT id::text, state::text, scheduled_at FROM $schema.river_job WHERE metadata->>'river:periodic_job_id' = $1 ORDER BY scheduled_at, id`,
    [periodicId],
  );
}

/** Starts a fixture instance as its own Node process; resolves once it printed "ready". */
async function spawnInstance(clientId: string, everyMs: number): Promise<FixtureProcess> {
  const instance = await startFixtureProcess("periodic-worker.ts", clientId, {
    DATABASE_URL: ctx.schema.url,
    SCHEMA: ctx.schema.name,
    EVERY_MS: String(everyMs),
  });
  children.push(instance);
  return instance;
}

describe("configuration", () => {
  it("an invalid cron expression throws INVALID_CRON naming it, at construction", () => {
    const attempt = (cron: string, timezone?: string) => {
      try {
        makeClient({ periodicJobs: [{ cron, kind: "tick", ...(timezone ? { timezone } : {}) }] });
      } catch (err) {
        return err;
      }
      return undefined;
    };
    const bad = attempt("*/5 * * *");
    expect(isTributaryError(bad, "INVALID_CRON")).toBe(true);
    expect((bad as Error).message).toContain('"*/5 * * *"');
    const outOfRange = attempt("61 * * * *");
    expect(isTributaryError(outOfRange, "INVALID_CRON")).toBe(true);
    expect((outOfRange as Error).message).toContain('"61 * * * *"');
    expect(isTributaryError(attempt("0 9 * * *", "Mars/Olympus_Mons"), "INVALID_CRON")).toBe(true);
    // River's dialect: five fields only (a seconds field is refused), `a/n` steps accepted.
    expect(isTributaryError(attempt("*/5 * * * * *", "Europe/Paris"), "INVALID_CRON")).toBe(true);
    expect(isTributaryError(attempt("0 0 L * *"), "INVALID_CRON")).toBe(true);
    expect(attempt("5/15 * * * *", "Europe/Paris")).toBeUndefined();
    expect(attempt("CRON_TZ=Europe/Paris 0 9 ? * 5")).toBeUndefined();
  });

  it("client.periodicJobs.add validates as the config does; duplicate ids are refused", () => {
    const client = makeClient({ periodicJobs: [{ every: 60_000, kind: "tick" }] });
    expect(client.periodicJobs.ids()).toEqual(["tick:every:60000"]);
    expect(() => client.periodicJobs.add({ cron: "not a cron", kind: "tick" })).toThrow(/INVALID_CRON|invalid cron expression "not a cron"/);
    expect(() => client.periodicJobs.add({ every: 60_000, kind: "tick" })).toThrow(/already used/);
    expect(() => client.periodicJobs.add({ every: 60_000, cron: "* * * * *", kind: "tick", id: "x" })).toThrow(/exactly one of cron and every/);
    expect(() => client.periodicJobs.add({ every: 60_000, kind: "tick", id: "yy", opts: { priority: 9 } })).toThrow(/periodicJob\.opts\.priority/);
    expect(client.periodicJobs.add({ every: 60_000, kind: "tick", id: "second" })).toBe("second");
  });
});

describe("enqueuing", () => {
  it("the leader inserts the next run ahead of time, scheduled at its run time, tagged with the schedule id", async () => {
    const client = makeClient({ periodicJobs: [{ cron: "0 0 * * *", timezone: "Asia/Tokyo", kind: "daily", args: { n: 1 } }] });
    const [id] = client.periodicJobs.ids();
    expect(id).toMatch(/^daily:cron:[0-9a-f]{12}$/);
    await client.start();
    await waitFor("the next run", async () => (await runsOf(id!)).length === 1);
    const [run] = await runsOf(id!);
    expect(run?.state).toBe("scheduled");
    // Midnight in Tokyo is 15:00 UTC.
    expect(run?.scheduled_at.getUTCHours()).toBe(15);
    expect(run?.scheduled_at.getUTCMinutes()).toBe(0);
    expect(run!.scheduled_at.getTime()).toBeGreaterThan(Date.now());
    expect(run!.scheduled_at.getTime()).toBeLessThanOrEqual(Date.now() + 86_400_000);
  });

  it("River's dialect end to end: '0 12 ? * 5' in a CRON_TZ zone is enqueued for the next Friday noon there, not tomorrow", async () => {
    const cron = "CRON_TZ=America/New_York 0 12 ? * 5";
    const client = makeClient({ periodicJobs: [{ cron, kind: "daily", id: "friday-noon" }] });
    await client.start();
    await waitFor("the next run", async () => (await runsOf("friday-noon")).length === 1);
    const [run] = await runsOf("friday-noon");
    const at = run!.scheduled_at;
    const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23" }).format(at);
    expect(local).toBe("Fri 12:00");
    expect(at.getTime()).toBeGreaterThan(Date.now());
    expect(at.getTime()).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000);
  });

  it("three instances (processes), every 1 s, leader killed with SIGKILL midway: each run enqueued once, at most one missed", async () => {
    const ids = ["per-a", "per-b", "per-c"];
    const procs = new Map<string, FixtureProcess>();
    await Promise.all(ids.map(async (id) => procs.set(id, await spawnInstance(id, 1_000))));
    const startedAt = Date.now();
    await waitFor("a leader", async () => (await q(`SELECT 1 FROM $schema.river_leader`)).length === 1, 10_000);
    await new Promise((r) => setTimeout(r, 2_500));
    const [leader] = await q<{ leader_id: string }>(`SELECT leader_id FROM $schema.river_leader`);
    const killed = procs.get(leader!.leader_id)!;
    killed.child.kill("SIGKILL");
    await killed.exited;
    const killedAt = Date.now();
    await waitFor(
      "a new leader",
      async () => {
        const rows = await q<{ leader_id: string }>(`SELECT leader_id FROM $schema.river_leader`);
        return rows.length === 1 && rows[0]!.leader_id !== leader!.leader_id;
      },
      10_000,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    await Promise.all([...procs.values()].map(stopFixtureProcess));

    const perRun = await q<{ at: Date; n: number; states: string[] }>(
      `SELECT scheduled_at AS at, count(*)::int AS n, array_agg(state::text) AS states FROM $schema.river_job
       WHERE kind = 'tick' AND metadata->>'river:periodic_job_id' = 'tick:every:1000' GROUP BY 1 ORDER BY 1`,
    );
    const times = perRun.map((r) => r.at.getTime());
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1_000);
    console.log(
      `periodic: ${perRun.length} runs over ${((Date.now() - startedAt) / 1000).toFixed(1)} s, max per run ${Math.max(...perRun.map((r) => r.n))}, ` +
        `gaps (s) ${gaps.join(",")}, leader ${leader!.leader_id} killed at +${((killedAt - startedAt) / 1000).toFixed(1)} s`,
    );
    expect(perRun.every((r) => r.n === 1)).toBe(true);
    expect(times.every((t) => t % 1_000 === 0)).toBe(true);
    // Consecutive runs are 1 s apart; one missed run (a 2 s gap) at most, around the kill.
    expect(gaps.every((g) => g === 1 || g === 2)).toBe(true);
    expect(gaps.filter((g) => g === 2).length).toBeLessThanOrEqual(1);
    expect(perRun.length).toBeGreaterThanOrEqual(6);
    // Runs that came due were worked (by the survivors too, after the kill).
    const [worked] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM $schema.river_job WHERE kind = 'tick' AND state = 'completed' AND scheduled_at > $1`,
      [new Date(killedAt + 1_000)],
    );
    expect(worked!.n).toBeGreaterThanOrEqual(2);
  });

  it("a leader change by resignation and a second leader inserting the same runs leave one job per run", async () => {
    const config = { periodicJobs: [{ every: 1_000, kind: "tick" }] };
    const a = makeClient(config);
    await a.start();
    await waitFor("a leads", () => a.isLeader, 5_000);
    await new Promise((r) => setTimeout(r, 1_500));
    // Two leaders at once: b's enqueuer runs while a still leads (row deleted under a's feet).
    const b = makeClient(config);
    await q(`DELETE FROM $schema.river_leader`);
    await b.start();
    await waitFor("b leads", () => b.isLeader, 5_000);
    await new Promise((r) => setTimeout(r, 1_500));
    await a.stop();
    await new Promise((r) => setTimeout(r, 1_200));
    const perRun = await q<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.river_job WHERE kind = 'tick' GROUP BY scheduled_at`);
    expect(perRun.length).toBeGreaterThanOrEqual(3);
    expect(perRun.every((r) => r.n === 1)).toBe(true);
  });

  it("runOnStart runs the current period's run at once, and not again when leadership changes within the period", async () => {
    const config = { periodicJobs: [{ every: 3_600_000, kind: "hourly", runOnStart: true }] };
    const a = makeClient(config);
    await a.start();
    await waitFor("the start run completed", async () => (await runsOf("hourly:every:3600000")).some((r) => r.state === "completed"));
    await a.stop();
    const b = makeClient(config);
    await b.start();
    await waitFor("b leads", () => b.isLeader, 5_000);
    await new Promise((r) => setTimeout(r, 500));
    const runs = await runsOf("hourly:every:3600000");
    // One run now (completed) and the next hour's (scheduled): b's start run was a duplicate.
    expect(runs.map((r) => r.state)).toEqual(["completed", "scheduled"]);
    expect(runs[0]!.scheduled_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(runs[1]!.scheduled_at.getTime() % 3_600_000).toBe(0);
  });

  it("periodicJobs.add enqueues at once on the leader; remove cancels the run enqueued ahead", async () => {
    const client = makeClient({});
    await client.start();
    await waitFor("leads", () => client.isLeader, 5_000);
    const id = client.periodicJobs.add({ every: 3_600_000, kind: "hourly", id: "added" });
    await waitFor("the added schedule's next run", async () => (await runsOf(id)).length === 1, 5_000);
    expect(await client.periodicJobs.remove(id)).toBe(true);
    expect((await runsOf(id)).map((r) => r.state)).toEqual(["cancelled"]);
    expect(await client.periodicJobs.remove(id)).toBe(false);
  });
});

describe("cleanStalePeriodicJobs", () => {
  it("cancels only the future runs of schedules no longer configured", async () => {
    const before = makeClient({
      periodicJobs: [
        { every: 3_600_000, kind: "hourly", id: "kept" },
        { every: 3_600_000, kind: "hourly", id: "removed" },
      ],
    });
    await before.start();
    await waitFor("both next runs", async () => (await runsOf("kept")).length === 1 && (await runsOf("removed")).length === 1);
    await before.stop();
    // A past run of the removed schedule, and an ordinary scheduled job: neither is touched.
    await q(
      `INSERT INTO $schema.river_job (kind, args, metadata, state, finalized_at, scheduled_at, max_attempts, priority)
       VALUES ('hourly', '{}', '{"river:periodic_job_id": "removed"}', 'completed', now(), now() - interval '1 hour', 25, 1),
              ('hourly', '{}', '{}', 'scheduled', NULL, now() + interval '1 hour', 25, 1)`,
    );
    const after = makeClient({ periodicJobs: [{ every: 3_600_000, kind: "hourly", id: "kept" }], cleanStalePeriodicJobs: true });
    await after.start();
    await waitFor("the stale run cancelled", async () => (await runsOf("removed")).some((r) => r.state === "cancelled"), 5_000);
    expect((await runsOf("removed")).map((r) => r.state)).toEqual(["completed", "cancelled"]);
    expect((await runsOf("kept")).map((r) => r.state)).toEqual(["scheduled"]);
    const [plain] = await q<{ state: string }>(
      `SELECT state::text FROM $schema.river_job WHERE NOT (metadata ? 'river:periodic_job_id')`,
    );
    expect(plain!.state).toBe("scheduled");
  });
});
