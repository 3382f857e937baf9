import { Client, migrate } from "@tributary/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";
import { type FixtureProcess, killAll, startWorkerProcess, stopFixtureProcess } from "./support/worker-processes.js";

let ctx: PgTestContext;
let workers: FixtureProcess[] = [];

beforeEach(async () => {
  ctx = await pgTestContext("mp");
  await migrate(ctx.driver, { schema: ctx.schema.name });
  await ctx.pool.query(`CREATE TABLE "${ctx.schema.name}".side_effects (job_id bigint NOT NULL, client_id text NOT NULL)`);
});
afterEach(async () => {
  await killAll(workers);
  workers = [];
  await ctx.close();
});

const q = async <R>(sql: string): Promise<R[]> => (await ctx.pool.query(sql.replaceAll("$schema", `"${ctx.schema.name}"`))).rows as R[];
const count = async (where: string) => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.river_job WHERE ${where}`))[0]!.n;

describe("several processes", () => {
  it("four processes work 20,000 jobs together: each ran exactly once", async () => {
    const client = new Client({ driver: ctx.driver, schema: ctx.schema.name });
    for (let i = 0; i < 4; i++) {
      await client.insertMany(Array.from({ length: 5_000 }, (_, j) => ({ kind: "effect", args: { n: i * 5_000 + j } })));
    }
    const env = { DATABASE_URL: ctx.schema.url, SCHEMA: ctx.schema.name, MAX_WORKERS: "25" };
    workers = await Promise.all([0, 1, 2, 3].map((i) => startWorkerProcess(`proc-${i}`, env)));
    await waitFor("20,000 completed", async () => (await count("state = 'completed'")) === 20_000, 180_000, 250);
    await Promise.all(workers.map(stopFixtureProcess));

    const [effects] = await q<{ total: number; jobs: number }>(
      `SELECT count(*)::int AS total, count(DISTINCT job_id)::int AS jobs FROM $schema.side_effects`,
    );
    expect(effects).toEqual({ total: 20_000, jobs: 20_000 });
    expect(await count("state <> 'completed'")).toBe(0);
    const perProcess = await q<{ client_id: string; n: number }>(
      `SELECT client_id, count(*)::int AS n FROM $schema.side_effects GROUP BY 1 ORDER BY 1`,
    );
    // Every process took part: the work was shared, not done by one.
    expect(perProcess.map((p) => p.client_id)).toEqual(["proc-0", "proc-1", "proc-2", "proc-3"]);
    expect(await count("attempt <> 1")).toBe(0);
  });

  it("kill -9 of a worker mid-jobs: the survivors rescue and complete every job", async () => {
    // Enough work that the victim (10 workers, 50 ms a job: ~200 jobs/s) is still busy after
    // the survivors' start-up, which takes seconds on a loaded machine.
    const total = 3_000;
    const client = new Client({ driver: ctx.driver, schema: ctx.schema.name });
    await client.insertMany(Array.from({ length: total }, (_, n) => ({ kind: "effect", args: { n } })));
    const env = {
      DATABASE_URL: ctx.schema.url,
      SCHEMA: ctx.schema.name,
      MAX_WORKERS: "10",
      JOB_SLEEP_MS: "50",
      RESCUE_AFTER_MS: "2000",
      // The rescuer waits for a job's own timeout too: keep it below the threshold.
      JOB_TIMEOUT_MS: "1000",
      ELECTION_INTERVAL_MS: "300",
    };
    const victim = await startWorkerProcess("victim", env);
    workers.push(victim);
    await waitFor("victim working", async () => (await count("state = 'completed'")) >= 100, 30_000, 50);
    workers.push(await startWorkerProcess("survivor-1", env), await startWorkerProcess("survivor-2", env));
    await waitFor("victim has running jobs", async () => (await count("state = 'running' AND attempted_by[1] = 'victim'")) > 0, 10_000, 10);
    victim.child.kill("SIGKILL");
    await victim.exited;
    const orphaned = await count("state = 'running' AND attempted_by[cardinality(attempted_by)] = 'victim'");
    expect(orphaned).toBeGreaterThan(0);

    await waitFor("every job completed", async () => (await count("state = 'completed'")) === total, 120_000, 250);
    expect(await count("state <> 'completed'")).toBe(0);
    const [effects] = await q<{ jobs: number }>(`SELECT count(DISTINCT job_id)::int AS jobs FROM $schema.side_effects`);
    expect(effects!.jobs).toBe(total);
    // The orphans were rescued (not silently re-run): each carries the rescuer's error.
    const rescued = await count(`metadata->>'river:rescue_count' = '1'`);
    expect(rescued).toBe(orphaned);
  });
});
