// `pnpm bench --seam-cost`: what the extension seam costs a worker, with and without a pass-through middleware.
import { Client, migrate, type Middleware } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { createBenchDatabase } from "./bench-database.js";
import { BENCH_KIND } from "./bench-job.js";
import { preloadJobs, workAll } from "./in-process-run.js";
import { median } from "./stats.js";

/** One variant's measurements over the runs. */
export interface SeamCostRow {
  variant: string;
  jobsPerSecond: number[];
  cpuMicrosPerJob: number[];
}

/** A middleware that only passes through, on both points it wraps: the seam's fixed cost. */
const PASS_THROUGH: Middleware = {
  name: "pass-through",
  insert: (_rows, next) => next(),
  work: (_job, _ctx, next) => next(),
};

const VARIANTS: { name: string; middleware: Middleware[] }[] = [
  { name: "no middleware", middleware: [] },
  { name: "one pass-through middleware", middleware: [PASS_THROUGH] },
];

/**
 * Processes `jobs` jobs per run with each variant, alternating variants `runs` times in one
 * fresh database, and records throughput and the worker process's CPU time per job.
 */
export async function measureSeamCost(adminUrl: string, options: { runs: number; jobs: number }): Promise<SeamCostRow[]> {
  const db = await createBenchDatabase(adminUrl, "seam");
  const pool = new pg.Pool({ connectionString: db.url, max: 12 });
  pool.on("error", () => {});
  const rows = VARIANTS.map((v) => ({ variant: v.name, jobsPerSecond: [] as number[], cpuMicrosPerJob: [] as number[] }));
  try {
    const driver = pgDriver(pool);
    await migrate(driver);
    for (let run = 0; run < options.runs; run++) {
      for (const [i, variant] of VARIANTS.entries()) {
        await pool.query("TRUNCATE river_job");
        await preloadJobs(driver, options.jobs, 1_000);
        const worker = new Client({ driver, middleware: variant.middleware, queues: { default: { maxWorkers: 10 } }, workers: { [BENCH_KIND]: async () => {} } });
        const { ms, cpuMicros } = await workAll(worker, options.jobs);
        rows[i]!.jobsPerSecond.push((options.jobs * 1000) / ms);
        rows[i]!.cpuMicrosPerJob.push(cpuMicros / options.jobs);
      }
    }
    return rows;
  } finally {
    await pool.end();
    await db.drop();
  }
}

/** The table `--seam-cost` prints: medians with min–max, and the pass-through variant against none. */
export function renderSeamCost(rows: SeamCostRow[]): string {
  const fmt = (values: number[], digits: number) =>
    `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  const lines = [`Seam cost, Tributary (pg), maxWorkers 10, medians (min–max) over ${rows[0]?.jobsPerSecond.length ?? 0} alternating runs`];
  lines.push(`${"variant".padEnd(30)}  ${"jobs/s".padEnd(24)}  CPU µs per job`);
  for (const r of rows) lines.push(`${r.variant.padEnd(30)}  ${fmt(r.jobsPerSecond, 0).padEnd(24)}  ${fmt(r.cpuMicrosPerJob, 1)}`);
  const [none, pass] = rows;
  if (none && pass) {
    const throughput = (1 - median(pass.jobsPerSecond) / median(none.jobsPerSecond)) * 100;
    const cpu = (median(pass.cpuMicrosPerJob) / median(none.cpuMicrosPerJob) - 1) * 100;
    lines.push(`pass-through middleware: ${throughput.toFixed(1)} % fewer jobs/s, ${cpu.toFixed(1)} % more CPU per job`);
  }
  return lines.join("\n");
}
