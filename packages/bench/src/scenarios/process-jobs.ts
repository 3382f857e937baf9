import { JobTracker, pollCounts } from "../job-tracker.js";
import { generic, perSecond, type Scenario } from "../scenario.js";
import { insertInBatches } from "./bulk-insert.js";

const PRELOAD_BATCH = 1_000;

/**
 * Scenario 4: pre-load no-op jobs (not timed), start one worker with `concurrency`, and time
 * from worker start until the database shows every job completed.
 */
export function processJobs(concurrency: number): Scenario {
  const id = `process-c${concurrency}`;
  return {
    id,
    title: `process, c=${concurrency}`,
    unit: "jobs/s",
    better: "higher",
    throughput: true,
    appliesTo: generic(id),
    async run({ system, sizes, progress, timeoutMs }) {
      const n = sizes.process;
      await insertInBatches(system, n, PRELOAD_BATCH, progress);
      const tracker = new JobTracker(n);
      const started = performance.now();
      await system.startWorker(concurrency, tracker.handle);
      try {
        await tracker.waitForAll(timeoutMs, (done) => progress.tick(done, n));
      } catch (err) {
        await system.stopWorker();
        return { value: Number.NaN, problems: [(err as Error).message] };
      }
      // Handlers ran; completion may still be on its way to the database (batched completers).
      const counts = await pollCounts(() => system.countJobs(), (c) => c.completed >= n, timeoutMs);
      const ms = performance.now() - started;
      await system.stopWorker();
      return { value: perSecond(n, ms), extra: { ms }, problems: tracker.problems(counts) };
    },
  };
}
