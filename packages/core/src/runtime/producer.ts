import type { JobRow } from "../job-row.js";
import type { Logger } from "../logger.js";
import type { ConcurrencyLimit } from "./concurrency-limit.js";

export interface ProducerOptions {
  queue: string;
  maxWorkers: number;
  /** Locks up to `limit` available jobs of the queue and marks them running. */
  fetch(limit: number): Promise<JobRow[]>;
  /** Runs one job to its recorded outcome; never rejects. */
  run(job: JobRow): Promise<void>;
  /** Process-wide slots, shared with the other queues. */
  global: ConcurrencyLimit;
  pollInterval: number;
  /**
   * After a fetch that came back short, fetch again this soon instead of after
   * `pollInterval` (for queues whose free capacity is decided fleet-wide). Default: pollInterval.
   */
  refetchAfterMs?: number;
  logger: Logger;
}

const FETCH_ERROR_BACKOFF_MS = [100, 500, 1000, 2000, 5000];

/**
 * The fetch loop of one queue. It fetches as many jobs as it has free slots, in one
 * statement; when a fetch comes back short it sleeps until a notification, the poll timer
 * or stop wakes it; when it comes back full it fetches again as soon as slots free up.
 */
export class Producer {
  readonly queue: string;
  readonly #opts: ProducerOptions;
  #running = 0;
  #stopping = false;
  #woken = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  readonly #idleWaiters = new Set<() => void>();

  constructor(opts: ProducerOptions) {
    this.queue = opts.queue;
    this.#opts = opts;
  }

  get running(): number {
    return this.#running;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Fetch now (a job was inserted, a queue resumed, a connection came back). */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops fetching; resolves when the loop has exited (running jobs may still be going). */
  async stopFetching(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
  }

  /** Resolves when no job of this producer is running. */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.add(resolve));
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      const free = Math.min(this.#opts.maxWorkers - this.#running, this.#opts.global.free);
      if (free <= 0) {
        await this.#sleep(this.#opts.pollInterval, true);
        // Let every job finishing in this turn free its slot, so the next fetch takes a batch.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      this.#woken = false;
      // Reserve the slots before the round trip: producers of other queues fetch concurrently.
      this.#opts.global.take(free);
      let jobs: JobRow[];
      try {
        jobs = await this.#opts.fetch(free);
        failures = 0;
      } catch (err) {
        this.#opts.global.give(free);
        const delay = FETCH_ERROR_BACKOFF_MS[Math.min(failures++, FETCH_ERROR_BACKOFF_MS.length - 1)]!;
        this.#opts.logger.warn({ err, queue: this.queue, retryInMs: delay }, "fetching jobs failed");
        await this.#sleep(delay, false);
        continue;
      }
      if (jobs.length < free) this.#opts.global.give(free - jobs.length);
      this.#running += jobs.length;
      for (const job of jobs) void this.#runOne(job);
      if (jobs.length < free && !this.#woken) await this.#sleep(this.#opts.refetchAfterMs ?? this.#opts.pollInterval, false);
    }
  }

  async #runOne(job: JobRow): Promise<void> {
    try {
      await this.#opts.run(job);
    } finally {
      this.#running -= 1;
      this.#opts.global.release();
      if (this.#running === 0) {
        for (const w of this.#idleWaiters) w();
        this.#idleWaiters.clear();
      }
    }
  }

  /** Sleeps until woken, stopped, the timeout, or (when `untilSlot`) a slot frees. */
  #sleep(ms: number, untilSlot: boolean): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
      if (untilSlot) void this.#opts.global.onRelease().then(done);
    });
  }
}
