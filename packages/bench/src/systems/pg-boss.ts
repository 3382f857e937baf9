import { PgBoss } from "pg-boss";
import type pg from "pg";
import { BENCH_KIND, type BenchJob } from "../bench-job.js";
import type { BenchSystem, JobCounts, JobHandler } from "../bench-system.js";
import { benchPool, workerPoolSize } from "./bench-pool.js";
import { PGBOSS_BEST } from "./registry.js";

function makeBoss(url: string, max: number, listen: boolean): PgBoss {
  const boss = new PgBoss({ connectionString: url, max, ...(listen ? { useListenNotify: true } : {}) });
  // pg-boss requires an error listener; an unhandled 'error' event would crash the run.
  boss.on("error", (err: Error) => process.stderr.write(`\n[pg-boss] error: ${err.message}\n`));
  return boss;
}

/** Runs `jobs` through `handler`, at most `parallel` at a time. */
async function runBatch(jobs: readonly { data: BenchJob }[], parallel: number, handler: JobHandler): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      handler(jobs[next++]!.data);
      await Promise.resolve();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, lane));
}

/**
 * pg-boss 12 used as its docs show: `createQueue` first, `send()` / `insert()` to enqueue,
 * `work(queue, options, handler)` to process with its throughput options: `localConcurrency`
 * workers, each fetching `batchSize` jobs and fetching again at once while batches come back
 * full (`burstWhenBatchFull`). Concurrency `c`: each worker's batch handler runs its jobs
 * `c / localConcurrency` at a time, so at most `c` run at once as with the other systems.
 * Inserts and the worker use separate instances, as an app and a worker process would.
 * With `notify`, both use LISTEN/NOTIFY (`useListenNotify`, a queue with `notify: true`), the
 * docs' way to wake workers the moment a job is created.
 */
export function pgBossSystem(options: { notify?: boolean } = {}): BenchSystem {
  const notify = options.notify === true;
  let url = "";
  let boss: PgBoss | undefined;
  let workerBoss: PgBoss | undefined;
  let pool: pg.Pool | undefined;

  return {
    async setup(dbUrl) {
      url = dbUrl;
      boss = makeBoss(dbUrl, 10, notify);
      await boss.start();
      await boss.createQueue(BENCH_KIND, notify ? { notify: true } : {});
      pool = benchPool(dbUrl, 2);
    },
    async insertOne(job) {
      await boss!.send(BENCH_KIND, job);
    },
    async bulkInsert(jobs) {
      await boss!.insert(
        BENCH_KIND,
        jobs.map((data) => ({ data })),
      );
    },
    async startWorker(concurrency: number, handler: JobHandler) {
      workerBoss = makeBoss(url, workerPoolSize(concurrency), notify);
      await workerBoss.start();
      const parallel = Math.ceil(concurrency / PGBOSS_BEST.localConcurrency);
      await workerBoss.work<BenchJob>(BENCH_KIND, { ...PGBOSS_BEST }, async (jobs) => {
        await runBatch(jobs, parallel, handler);
      });
    },
    async stopWorker() {
      await workerBoss?.stop({ graceful: true });
      workerBoss = undefined;
    },
    async countJobs(): Promise<JobCounts> {
      const { rows } = await pool!.query<{ total: string; completed: string; failed: string }>(
        `SELECT count(*) AS total,
                count(*) FILTER (WHERE state = 'completed') AS completed,
                count(*) FILTER (WHERE state IN ('failed', 'retry') OR retry_count > 0) AS failed
           FROM pgboss.job WHERE name = $1`,
        [BENCH_KIND],
      );
      const row = rows[0]!;
      return { total: Number(row.total), completed: Number(row.completed), failed: Number(row.failed) };
    },
    async teardown() {
      await workerBoss?.stop({ graceful: true });
      await boss?.stop({ graceful: true });
      await pool?.end();
    },
  };
}
