import PgBoss from "pg-boss";
import type pg from "pg";
import { BENCH_KIND, type BenchJob } from "../bench-job.js";
import type { BenchSystem, JobCounts, JobHandler } from "../bench-system.js";
import { benchPool } from "./bench-pool.js";

/**
 * Jobs each pg-boss worker fetches per poll. pg-boss 10 has no per-worker concurrency: its docs
 * scale with `batchSize` and with more `work()` calls. A worker sleeps `pollingIntervalSeconds`
 * after every fetch, so this batch size is what lets it keep up at all.
 */
export const PGBOSS_BATCH_SIZE = 100;

/** pg-boss 10's smallest allowed polling interval (its default is 2 s). */
export const PGBOSS_POLLING_INTERVAL_SECONDS = 0.5;

function makeBoss(url: string, max: number): PgBoss {
  const boss = new PgBoss({ connectionString: url, max });
  // pg-boss requires an error listener; an unhandled 'error' event would crash the run.
  boss.on("error", (err) => process.stderr.write(`\n[pg-boss] error: ${err.message}\n`));
  return boss;
}

/**
 * pg-boss 10 used as its docs show: `createQueue` first, `send()` / `insert()` to enqueue,
 * `work(queue, { batchSize }, handler)` to process. Concurrency `c` = `c` workers, each running
 * its batch one job at a time, so at most `c` jobs run at once as with the other systems.
 * Inserts and the worker use separate instances, as an app and a worker process would.
 */
export function pgBossSystem(): BenchSystem {
  let url = "";
  let boss: PgBoss | undefined;
  let workerBoss: PgBoss | undefined;
  let pool: pg.Pool | undefined;

  return {
    async setup(dbUrl) {
      url = dbUrl;
      boss = makeBoss(dbUrl, 10);
      await boss.start();
      await boss.createQueue(BENCH_KIND);
      pool = benchPool(dbUrl, 2);
    },
    async insertOne(job) {
      await boss!.send(BENCH_KIND, job);
    },
    async bulkInsert(jobs) {
      await boss!.insert(jobs.map((data) => ({ name: BENCH_KIND, data })));
    },
    async startWorker(concurrency: number, handler: JobHandler) {
      workerBoss = makeBoss(url, Math.max(10, concurrency + 2));
      await workerBoss.start();
      for (let w = 0; w < concurrency; w++) {
        await workerBoss.work<BenchJob>(
          BENCH_KIND,
          { batchSize: PGBOSS_BATCH_SIZE, pollingIntervalSeconds: PGBOSS_POLLING_INTERVAL_SECONDS },
          async (jobs) => {
            for (const job of jobs) handler(job.data);
          },
        );
      }
    },
    async stopWorker() {
      await workerBoss?.stop({ graceful: true, wait: true });
      workerBoss = undefined;
    },
    async countJobs(): Promise<JobCounts> {
      const { rows } = await pool!.query<{ total: string; completed: string; failed: string }>(
        `SELECT count(*) AS total,
                count(*) FILTER (WHERE state = 'completed') AS completed,
                count(*) FILTER (WHERE state IN ('failed', 'retry') OR retry_count > 0) AS failed
           FROM (SELECT state, retry_count FROM pgboss.job WHERE name = $1
                 UNION ALL
                 SELECT state, retry_count FROM pgboss.archive WHERE name = $1) AS j`,
        [BENCH_KIND],
      );
      const row = rows[0]!;
      return { total: Number(row.total), completed: Number(row.completed), failed: Number(row.failed) };
    },
    async teardown() {
      await workerBoss?.stop({ graceful: true, wait: true });
      await boss?.stop({ graceful: true, wait: true });
      await pool?.end();
    },
  };
}
