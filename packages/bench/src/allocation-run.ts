// Bytes a worker allocates per job: V8's sampling heap profiler over a run that nothing but the handler observes.
import { Session } from "node:inspector/promises";
import { Client, type Driver } from "@tributary/core";
import { BENCH_KIND } from "./bench-job.js";
import { preloadJobs } from "./in-process-run.js";
import { benchQueues } from "./systems/bench-queues.js";

/** One allocation sample every this many bytes: ~1 per job, enough for a total within a few percent. */
const SAMPLING_INTERVAL = 4096;

interface SamplingNode {
  selfSize: number;
  children: SamplingNode[];
}

function totalSize(node: SamplingNode): number {
  let size = node.selfSize;
  for (const child of node.children) size += totalSize(child);
  return size;
}

/**
 * Pre-loads `jobs` no-op jobs and works them with one client (`maxWorkers = concurrency`),
 * counting completions in the handler: no listener, subscription or hook, so the client builds
 * no event it would not build in production. Every object allocated meanwhile is sampled,
 * including those the young and old generations collected, so the total is what the worker
 * allocated, not what survived. Returns bytes per job. Not timed: sampling slows the run.
 */
export async function allocatedBytesPerJob(driver: Driver<unknown>, options: { concurrency: number; jobs: number; fetchAhead?: number | "auto" }): Promise<number> {
  await preloadJobs(driver, options.jobs, 5_000);
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const worker = new Client({
    driver,
    queues: benchQueues(options.concurrency, options.fetchAhead),
    workers: {
      [BENCH_KIND]: async () => {
        if (++done === options.jobs) finished();
      },
    },
  });
  const session = new Session();
  session.connect();
  try {
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: SAMPLING_INTERVAL,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await worker.start();
    await allDone;
    // stop() writes the last outcomes: their batches are part of what a job costs.
    await worker.stop();
    const { profile } = await session.post("HeapProfiler.stopSampling");
    return totalSize(profile.head as unknown as SamplingNode) / options.jobs;
  } finally {
    session.disconnect();
  }
}
