import { JobTracker, pollCounts } from "../job-tracker.js";
import { perSecond, type Scenario } from "../scenario.js";
import { insertInBatches } from "./bulk-insert.js";

const SAMPLE_MS = 50;
const MB = 1024 * 1024;
const PRELOAD_BATCH = 5_000;

/**
 * The `--memory` scenario: queue `memoryJobs` jobs, process them all in this process, and
 * report the peak resident set size sampled while the worker runs. A system that can queue
 * them in the database itself does (`preloadQueued`), as a producer in another process would:
 * building a million jobs here first left this process at ~250 MB before its worker started.
 */
export const memory: Scenario = {
  id: "memory",
  title: "peak RSS",
  unit: "MB",
  better: "lower",
  throughput: false,
  // Which systems run it is chosen by the harness (default: Tributary on pg only).
  appliesTo: () => true,
  async run({ system, sizes, progress, timeoutMs }) {
    const n = sizes.memoryJobs;
    if (system.preloadQueued) await system.preloadQueued(n);
    else await insertInBatches(system, n, PRELOAD_BATCH, progress);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, SAMPLE_MS);
    const tracker = new JobTracker(n);
    const started = performance.now();
    try {
      await system.startWorker(sizes.memoryConcurrency, tracker.handle);
      await tracker.waitForAll(timeoutMs, (done) => progress.tick(done, n));
      const counts = await pollCounts(() => system.countJobs(), (c) => c.completed >= n, timeoutMs, 100);
      const ms = performance.now() - started;
      peak = Math.max(peak, process.memoryUsage().rss);
      await system.stopWorker();
      return {
        value: peak / MB,
        extra: { baselineMb: baseline / MB, jobsPerSec: perSecond(n, ms), preloadedHere: system.preloadQueued ? 0 : 1 },
        problems: tracker.problems(counts),
      };
    } catch (err) {
      await system.stopWorker();
      return { value: Number.NaN, problems: [(err as Error).message] };
    } finally {
      clearInterval(sampler);
    }
  },
};
