import type { BenchJob } from "./bench-job.js";
import type { JobCounts } from "./bench-system.js";

/**
 * Counts handler invocations per job index, so a run can prove each of its `expected` jobs ran
 * exactly once, and lets a scenario wait until they all have.
 */
export class JobTracker {
  readonly #seen: Uint8Array;
  #distinct = 0;
  #duplicates = 0;
  #unknown = 0;
  #waiters: Array<() => void> = [];
  /** Called for every job with the job (e.g. to record latency). */
  onJob?: (job: BenchJob) => void;

  constructor(readonly expected: number) {
    this.#seen = new Uint8Array(expected);
  }

  /** The handler every system's worker calls. */
  readonly handle = (job: BenchJob): void => {
    const i = job?.i;
    if (typeof i !== "number" || i < 0 || i >= this.expected) {
      this.#unknown++;
      return;
    }
    this.onJob?.(job);
    if (this.#seen[i] === 0) {
      this.#distinct++;
    } else {
      this.#duplicates++;
    }
    this.#seen[i] = Math.min(this.#seen[i]! + 1, 255);
    if (this.#distinct === this.expected) for (const wake of this.#waiters.splice(0)) wake();
  };

  get distinct(): number {
    return this.#distinct;
  }

  /** Resolves once every expected job ran; rejects after `timeoutMs`. */
  async waitForAll(timeoutMs: number, onTick?: (done: number) => void): Promise<void> {
    const ticker = onTick ? setInterval(() => onTick(this.#distinct), 200) : undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        if (this.#distinct === this.expected) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`timed out: ${this.#distinct}/${this.expected} jobs ran after ${timeoutMs} ms`)),
          timeoutMs,
        );
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    } finally {
      if (ticker) clearInterval(ticker);
    }
  }

  /** Everything wrong with this run, given the database's counts at its end. */
  problems(counts: JobCounts): string[] {
    const found: string[] = [];
    if (this.#distinct !== this.expected) found.push(`${this.expected - this.#distinct} jobs never ran`);
    if (this.#duplicates > 0) found.push(`${this.#duplicates} jobs ran more than once`);
    if (this.#unknown > 0) found.push(`${this.#unknown} unexpected jobs ran`);
    found.push(...countProblems(counts, this.expected, true));
    return found;
  }
}

/** Problems with the database's counts: `expected` jobs inserted (and all completed, if asked). */
export function countProblems(counts: JobCounts, expected: number, allCompleted: boolean): string[] {
  const found: string[] = [];
  if (counts.total !== expected) found.push(`database holds ${counts.total} jobs, expected ${expected}`);
  if (allCompleted && counts.completed !== expected) {
    found.push(`database shows ${counts.completed}/${expected} jobs completed`);
  }
  if (counts.failed > 0) found.push(`database shows ${counts.failed} failed jobs`);
  return found;
}

/** Polls `countJobs` until `done(counts)` or the deadline; returns the last counts. */
export async function pollCounts(
  countJobs: () => Promise<JobCounts>,
  done: (counts: JobCounts) => boolean,
  timeoutMs: number,
  intervalMs = 5,
): Promise<JobCounts> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await countJobs();
    if (done(counts) || Date.now() > deadline) return counts;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
