// `pnpm bench --profile`: one Tributary (pg) processing run with what it cost: statements, fetch and completion batch sizes, CPU and bytes per job.
import { channel } from "node:diagnostics_channel";
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { createBenchDatabase } from "./bench-database.js";
import { allocatedBytesPerJob } from "./allocation-run.js";
import { BENCH_KIND } from "./bench-job.js";
import { workerPoolSize } from "./systems/bench-pool.js";
import { preloadJobs, watchStatements, workAll } from "./in-process-run.js";
import { median } from "./stats.js";
import { benchQueues } from "./systems/bench-queues.js";

/** What one profiled processing run measured. */
export interface ProfileResult {
  concurrency: number;
  fetchAhead: number | "auto";
  jobs: number;
  jobsPerSecond: number;
  /** Statements the worker's pool ran, per job (fetches, completions, everything else). */
  statementsPerJob: number;
  statementsByKind: Record<string, number>;
  fetches: number;
  fetchSize: { median: number; mean: number };
  fetchMs: { median: number };
  completionBatches: number;
  completionBatchSize: { median: number; mean: number };
  /** The worker process's CPU (user + system) per job, in microseconds. */
  cpuMicrosPerJob: number;
  /** Bytes the worker allocated per job, in a second, untimed run of as many jobs (see allocatedBytesPerJob). */
  allocatedBytesPerJob: number;
}

function kindOf(text: string): string {
  if (text.startsWith("WITH locked AS")) return "fetch";
  if (text.includes("state = 'completed'") && text.includes("unnest(")) return "complete";
  if (text.includes("river_leader")) return "leader";
  return text.slice(0, 40).replace(/\s+/g, " ");
}

/**
 * Pre-loads `jobs` no-op jobs, processes them with one client (`maxWorkers = concurrency`),
 * and counts every statement its pool runs and every fetch and completion batch (from the
 * `tributary:metric` diagnostics channel).
 */
export async function profileRun(adminUrl: string, options: { concurrency: number; jobs: number; fetchAhead?: number | "auto" }): Promise<ProfileResult> {
  const db = await createBenchDatabase(adminUrl, "profile");
  const pool = new pg.Pool({ connectionString: db.url, max: workerPoolSize(options.concurrency) });
  pool.on("error", () => {});
  try {
    const driver = pgDriver(pool);
    await migrate(driver);
    await preloadJobs(driver, options.jobs, 5_000);
    const statements: Record<string, number> = {};
    const unwatch = watchStatements(pool, (text) => {
      const kind = kindOf(text);
      statements[kind] = (statements[kind] ?? 0) + 1;
    });
    const fetchSizes: number[] = [];
    const fetchMs: number[] = [];
    const batchSizes: number[] = [];
    const metrics = channel("tributary:metric");
    const onMetric = (m: unknown) => {
      const msg = m as { name: string; count?: number; size?: number; durationMs: number };
      if (msg.name === "fetch" && msg.count! > 0) {
        fetchSizes.push(msg.count!);
        fetchMs.push(msg.durationMs);
      } else if (msg.name === "completion_batch") batchSizes.push(msg.size!);
    };
    metrics.subscribe(onMetric);
    const worker = new Client({
      driver,
      queues: benchQueues(options.concurrency, options.fetchAhead),
      workers: { [BENCH_KIND]: async () => {} },
    });
    const { ms, cpuMicros } = await workAll(worker, options.jobs);
    metrics.unsubscribe(onMetric);
    unwatch();
    const allocated = await allocatedBytesPerJob(driver, options);
    const total = Object.values(statements).reduce((a, b) => a + b, 0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      concurrency: options.concurrency,
      fetchAhead: options.fetchAhead ?? "auto",
      jobs: options.jobs,
      jobsPerSecond: (options.jobs * 1000) / ms,
      statementsPerJob: total / options.jobs,
      statementsByKind: statements,
      fetches: fetchSizes.length,
      fetchSize: { median: median(fetchSizes), mean: mean(fetchSizes) },
      fetchMs: { median: median(fetchMs) },
      completionBatches: batchSizes.length,
      completionBatchSize: { median: median(batchSizes), mean: mean(batchSizes) },
      cpuMicrosPerJob: cpuMicros / options.jobs,
      allocatedBytesPerJob: allocated,
    };
  } finally {
    await pool.end();
    await db.drop();
  }
}
