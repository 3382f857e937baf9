import type { BenchJob } from "../bench-job.js";
import type { BenchSystem } from "../bench-system.js";
import { countProblems } from "../job-tracker.js";
import type { Progress } from "../progress.js";
import { generic, perSecond, type Scenario } from "../scenario.js";

/** Inserts jobs `0..total-1` with the system's batch API, `batch` per call. */
export async function insertInBatches(
  system: BenchSystem,
  total: number,
  batch: number,
  progress: Progress,
): Promise<void> {
  for (let start = 0; start < total; start += batch) {
    const jobs: BenchJob[] = [];
    for (let i = start; i < Math.min(start + batch, total); i++) jobs.push({ i });
    await system.bulkInsert(jobs);
    progress.tick(Math.min(start + batch, total), total);
  }
}

/** Scenario 3: bulk insert in batches (jobs/s over the whole load). */
export const bulkInsert: Scenario = {
  id: "bulk",
  title: "bulk insert",
  unit: "jobs/s",
  better: "higher",
  throughput: true,
  appliesTo: generic("bulk"),
  async run({ system, sizes, progress }) {
    const started = performance.now();
    await insertInBatches(system, sizes.bulkTotal, sizes.bulkBatch, progress);
    const ms = performance.now() - started;
    return {
      value: perSecond(sizes.bulkTotal, ms),
      extra: { ms },
      problems: countProblems(await system.countJobs(), sizes.bulkTotal, false),
    };
  },
};
