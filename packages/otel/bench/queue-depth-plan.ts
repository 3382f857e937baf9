// Prints the queue-depth statement's plan on a River table of 1,000,000 jobs (5 % not finalized), then with all of them waiting, exact and sampled.
import { migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { queueDepthSql } from "../src/queue-depth-sql.js";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `otel_depth_${process.pid}`;
const pool = new pg.Pool({ connectionString: url, max: 1 });
const q = (sql: string) => pool.query(sql);

async function plan(title: string, samplePercent?: number): Promise<void> {
  await q(`VACUUM ANALYZE "${schema}".river_job`);
  const { rows } = await q(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${queueDepthSql(schema, samplePercent)}`);
  console.log(`\n-- ${title}\n${rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
}

try {
  await q(`CREATE SCHEMA "${schema}"`);
  await migrate(pgDriver(pool), { schema });
  await q(`INSERT INTO "${schema}".river_job (args, kind, max_attempts, queue, state, finalized_at, scheduled_at)
    SELECT '{}', 'k' || (i % 7), 25, 'q' || (i % 5),
      (CASE WHEN i % 20 = 0 THEN (ARRAY['available','scheduled','retryable','running'])[1 + (i / 20) % 4] ELSE 'completed' END)::"${schema}".river_job_state,
      CASE WHEN i % 20 = 0 THEN NULL ELSE now() END, now()
    FROM generate_series(1, 1000000) AS i`);
  await plan("1,000,000 jobs, 950,000 completed, 50,000 waiting or running");
  await q(`UPDATE "${schema}".river_job SET state = 'available', finalized_at = NULL WHERE state = 'completed'`);
  await plan("1,000,000 jobs, all available (a backlog of a million)");
  // Above queueDepthExactLimit (default 1,000,000) the gauge samples limit / total of the pages:
  // a backlog of 10,000,000 gets 10 %. Here: the same share of this table's pages.
  await plan("1,000,000 jobs, all available, sampled at 10 % of the pages (what a 10,000,000 backlog gets)", 10);
} finally {
  await q(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
}
