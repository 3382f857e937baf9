import { nowMs } from "../bench-job.js";
import { JobTracker, pollCounts } from "../job-tracker.js";
import { generic, type Scenario } from "../scenario.js";
import { percentile } from "../stats.js";

const SETTLE_MS = 1_000;

/**
 * Scenario 5: an idle worker; jobs inserted one by one, `latencyGapMs` apart; latency is
 * enqueue call → handler start. Headline: p50 (ms); p95 and p99 in `extra`.
 */
export const latency: Scenario = {
  id: "latency",
  title: "latency p50",
  unit: "ms",
  better: "lower",
  throughput: false,
  appliesTo: generic("latency"),
  async run({ system, sizes, progress, timeoutMs }) {
    const n = sizes.latencyJobs;
    const tracker = new JobTracker(n);
    const latencies: number[] = [];
    tracker.onJob = (job) => {
      if (job.sentAt !== undefined) latencies.push(nowMs() - job.sentAt);
    };
    await system.startWorker(sizes.latencyWorkers, tracker.handle);
    // Let the worker finish starting (LISTEN, first empty fetch) so it is idle, as in production.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      // Paced against the schedule, not the previous insert, so slow inserts do not stretch it.
      const wait = t0 + i * sizes.latencyGapMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await system.insertOne({ i, sentAt: nowMs() });
      if (i % 10 === 0) progress.tick(i, n);
    }
    try {
      await tracker.waitForAll(timeoutMs);
    } catch (err) {
      await system.stopWorker();
      return { value: Number.NaN, problems: [(err as Error).message] };
    }
    const counts = await pollCounts(() => system.countJobs(), (c) => c.completed >= n, timeoutMs);
    await system.stopWorker();
    return {
      value: percentile(latencies, 50),
      extra: {
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
      },
      problems: tracker.problems(counts),
    };
  },
};
