// Nothing core sends may outlive its transaction (a transaction-mode pooler would leak it to other clients): no session SET.
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../src/client/client.js";
import type { Driver, Executor } from "../src/driver/driver.js";
import { migrate } from "../src/migrate/migrate.js";
import { poolDriver } from "./support/pg-executor.js";

/**
 * A setting that outlives the statement's transaction: `SET x …`/`SET SESSION …` (only `SET LOCAL`
 * ends with the transaction), `RESET`, `set_config(…, false)`, `SET ROLE`/`SESSION AUTHORIZATION`.
 * `UPDATE … SET` is a column assignment, not a setting: only a statement that begins with SET counts.
 */
function sessionScopedSettings(sql: string): string[] {
  const found: string[] = [];
  for (const statement of sql.split(";")) {
    const text = statement.trim();
    if (/^SET\s/i.test(text) && !/^SET\s+LOCAL\s/i.test(text)) found.push(text);
    if (/^RESET\s/i.test(text)) found.push(text);
  }
  for (const call of sql.match(/set_config\s*\([^)]*\)/gi) ?? []) {
    if (!/,\s*true\s*\)$/i.test(call)) found.push(call);
  }
  return found;
}

function recordingDriver(inner: Driver<never>, seen: Set<string>): Driver<never> {
  const record = (ex: Executor): Executor => ({
    query<R>(sql: string, params?: readonly unknown[]) {
      seen.add(sql);
      return ex.query<R>(sql, params);
    },
  });
  return {
    ...inner,
    executor: () => record(inner.executor()),
    transaction: (fn) => inner.transaction((ex) => fn(record(ex))),
  };
}

describe("core's SQL has no session-scoped settings", () => {
  let schema: IsolatedSchema;
  let pool: pg.Pool;
  const seen = new Set<string>();

  beforeAll(async () => {
    schema = await createIsolatedSchema("noset");
    pool = new pg.Pool({ connectionString: schema.url, max: 4 });
  });

  afterAll(async () => {
    await pool.end();
    await schema.drop();
  });

  it("the check itself tells settings from column assignments", () => {
    expect(sessionScopedSettings("SET search_path = x")).toHaveLength(1);
    expect(sessionScopedSettings("select 1; SET SESSION statement_timeout = 0")).toHaveLength(1);
    expect(sessionScopedSettings("SELECT set_config('synchronous_commit', 'off', false)")).toHaveLength(1);
    expect(sessionScopedSettings("SET LOCAL lock_timeout = '1s'")).toEqual([]);
    expect(sessionScopedSettings("SELECT set_config('synchronous_commit', 'off', true)")).toEqual([]);
    expect(sessionScopedSettings("UPDATE t SET state = 'x' WHERE id = $1")).toEqual([]);
  });

  it("across migrate, inserts, working (async commit on), periodic jobs, leadership, maintenance and admin calls", async () => {
    const driver = recordingDriver(poolDriver(pool), seen);
    await migrate(driver, { schema: schema.name });
    let worked = 0;
    const client = new Client({
      driver,
      schema: schema.name,
      queues: { default: { maxWorkers: 4 } },
      pollInterval: 50,
      schedulerInterval: 100,
      asyncCommit: true,
      retryPolicy: () => new Date(Date.now() + 50),
      periodicJobs: [{ every: 1_000, kind: "tick", args: {} }],
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      workers: {
        tick: async () => {},
        work: async (job) => {
          worked += 1;
          if ((job.args as { fail?: boolean }).fail && job.attempt === 1) throw new Error("once");
        },
      },
    });
    await client.start();
    try {
      await client.insert("work", { fail: true });
      await client.insertMany(Array.from({ length: 20 }, (_, n) => ({ kind: "work", args: { n } })));
      const { job } = await client.insert("work", {}, { scheduledAt: new Date(Date.now() + 60_000), unique: { byArgs: true } });
      const deadline = Date.now() + 15_000;
      while (worked < 22 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(worked).toBe(22);
      await client.listJobs({ state: ["completed"] });
      await client.countJobs({});
      await client.jobStats({ since: new Date(Date.now() - 60_000) });
      await client.cancelJob(job.id);
      await client.retryJob(job.id);
      await client.deleteJob(job.id);
      await client.pauseQueue("default");
      await client.resumeQueue("default");
      await client.listQueues();
    } finally {
      await client.stop();
    }
    const all = [...seen];
    // The recording saw the whole workload, the transaction-scoped setting of asyncCommit included.
    expect(all.length).toBeGreaterThan(20);
    expect(all.some((sql) => /set_config\('synchronous_commit', 'off', true\)/.test(sql))).toBe(true);
    expect(all.flatMap(sessionScopedSettings)).toEqual([]);
  });
});
