import { Logger, makeWorkerUtils, type Runner, run, type WorkerUtils } from "graphile-worker";
import type pg from "pg";
import { BENCH_KIND, type BenchJob } from "../bench-job.js";
import type { BenchSystem, JobCounts, JobHandler } from "../bench-system.js";
import { benchPool, workerPoolSize } from "./bench-pool.js";

/** graphile-worker's batching options (its local queue and batched completion). */
export interface GraphileBatching {
  /** The local queue's size for a worker of `concurrency`. */
  localQueueSize: (concurrency: number) => number;
  completeJobBatchDelay: number;
}

/**
 * Only warnings and errors reach stderr (info lines would tear the progress line), and none
 * once `closed()`: a connection graphile opens while shutting down is killed when the harness
 * drops the database, which is expected.
 */
function quietLogger(closed: () => boolean): Logger {
  return new Logger(() => (level, message) => {
    if (closed()) return;
    if (level === "error" || level === "warning") process.stderr.write(`\n[graphile-worker] ${level}: ${message}\n`);
  });
}

/**
 * graphile-worker 0.18 used as its docs show: `makeWorkerUtils().addJob()` / `addJobs()` to
 * enqueue, `run({ taskList, concurrency })` to process. With `batching`, the worker also uses
 * the local queue and batched completion its release notes and performance page describe.
 */
export function graphileWorkerSystem(batching?: GraphileBatching): BenchSystem {
  let url = "";
  let utils: WorkerUtils | undefined;
  let runner: Runner | undefined;
  let runnerPool: pg.Pool | undefined;
  // Ours, not graphile's, so teardown closes it before the harness drops the database.
  let pool: pg.Pool | undefined;
  let jobIdSequence = "";
  let closed = false;
  const logger = quietLogger(() => closed);

  return {
    async setup(dbUrl) {
      url = dbUrl;
      pool = benchPool(dbUrl, 10);
      utils = await makeWorkerUtils({ pgPool: pool, logger });
      await utils.migrate();
      const { rows } = await pool.query<{ seq: string }>(
        "SELECT pg_get_serial_sequence('graphile_worker._private_jobs', 'id') AS seq",
      );
      jobIdSequence = rows[0]!.seq;
    },
    async insertOne(job) {
      await utils!.addJob(BENCH_KIND, job);
    },
    async bulkInsert(jobs) {
      await utils!.addJobs(jobs.map((payload) => ({ identifier: BENCH_KIND, payload })));
    },
    async startWorker(concurrency: number, handler: JobHandler) {
      // The docs' advice: a pool of `concurrency + 2`, at least 10.
      runnerPool = benchPool(url, workerPoolSize(concurrency));
      runner = await run({
        pgPool: runnerPool,
        concurrency,
        noHandleSignals: true,
        logger,
        taskList: {
          [BENCH_KIND]: async (payload) => {
            handler(payload as BenchJob);
          },
        },
        ...(batching
          ? {
              preset: {
                worker: {
                  localQueue: { size: batching.localQueueSize(concurrency) },
                  completeJobBatchDelay: batching.completeJobBatchDelay,
                  failJobBatchDelay: batching.completeJobBatchDelay,
                },
              },
            }
          : {}),
      });
    },
    async stopWorker() {
      await runner?.stop();
      await runnerPool?.end();
      runner = undefined;
      runnerPool = undefined;
    },
    async countJobs(): Promise<JobCounts> {
      // Completing a job deletes its row, so "completed" = ever inserted (the id sequence of
      // this fresh database) minus the rows still there.
      const { rows } = await pool!.query<{ total: string; remaining: string; failed: string }>(
        `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${jobIdSequence}) AS total,
                count(*) AS remaining,
                count(*) FILTER (WHERE attempts > 0 AND last_error IS NOT NULL) AS failed
           FROM graphile_worker._private_jobs`,
      );
      const row = rows[0]!;
      return {
        total: Number(row.total),
        completed: Number(row.total) - Number(row.remaining),
        failed: Number(row.failed),
      };
    },
    async teardown() {
      closed = true;
      await runner?.stop();
      await runnerPool?.end();
      await utils?.release();
      await pool?.end();
    },
  };
}
