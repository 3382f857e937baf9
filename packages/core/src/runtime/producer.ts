/** The fetch loop of one queue: fetches jobs for free slots (and held ahead) and starts them. */
import { Sleeper } from "../base/sleeper.js";
import { HOLD_MAX_MS, HoldAhead } from "./hold-ahead.js";
import { StartStopService } from "../base/start-stop-service.js";
import type { JobRow } from "../job/job-row.js";
import type { Logger } from "../base/logger.js";
import type { ConcurrencyLimit } from "./concurrency-limit.js";

/** Options of {@link Producer}: complete settings, durations in milliseconds. */
export interface ProducerOptions {
  queue: string;
  maxWorkers: number;
  /** Locks up to `limit` available jobs of the queue and marks them running. */
  fetch(limit: number): Promise<JobRow[]>;
  /**
   * Runs one job to its recorded outcome; never rejects. `freeSlot` gives the job's slot
   * back early (once its handler settled, or when a stuck job's handler asks for a slot).
   */
  run(job: JobRow, freeSlot: () => void): Promise<void>;
  /**
   * Jobs this producer may hold fetched (locked and `running` in the database) beyond
   * `maxWorkers`, to start the moment a slot frees. 0: fetch only for free slots. `"auto"`:
   * what the workers start within a few tens of milliseconds at their recent rate (see
   * HoldAhead), each held job given back if it has not started within HOLD_MAX_MS.
   */
  fetchAhead: number | "auto";
  /** Makes held jobs that will not be started runnable again (on stop or pause); never rejects. */
  giveBack(jobs: JobRow[]): Promise<void>;
  /** Process-wide slots, shared with the other queues. */
  global: ConcurrencyLimit;
  pollInterval: number;
  /**
   * After a fetch that came back short, fetch again this soon instead of after
   * `pollInterval` (for queues whose free capacity is decided fleet-wide).
   */
  refetchAfterMs: number;
  logger: Logger;
}

const FETCH_ERROR_BACKOFF_MS = [100, 500, 1000, 2000, 5000];

/**
 * The fetch loop of one queue. It fetches as many jobs as it has free slots (plus, with
 * `fetchAhead`, jobs to hold for the next free slots), in one statement; when a fetch comes
 * back short it sleeps until a notification, the poll timer or stop wakes it (giving back
 * expired held jobs meanwhile); when it comes back full it fetches again as soon as slots
 * free up or the held jobs run low. `stop()` ends the loop and gives held jobs back (the
 * runtime waits for the running ones).
 */
export class Producer extends StartStopService {
  readonly name: string;
  readonly queue: string;
  protected readonly logger: Logger;
  readonly #opts: ProducerOptions;
  #running = 0;
  /** Fetched ahead, not started yet, with when they were fetched: oldest first. */
  #held: Array<{ job: JobRow; at: number }> = [];
  readonly #hold: HoldAhead;
  #stopping = false;
  readonly #sleeper = new Sleeper(true);

  constructor(opts: ProducerOptions) {
    super();
    this.queue = opts.queue;
    this.name = `producer(${opts.queue})`;
    this.logger = opts.logger;
    this.#opts = opts;
    this.#hold = new HoldAhead(opts.fetchAhead);
  }

  get running(): number {
    return this.#running;
  }

  /** Fetch now (a job was inserted, a queue resumed, a connection came back). */
  wake(): void {
    this.#sleeper.wake();
  }

  /** Ids of the jobs fetched ahead and not started. */
  heldIds(): string[] {
    return this.#held.map((h) => h.job.id);
  }

  /** Takes a held job out (it was cancelled before it started); undefined when not held. */
  takeHeld(id: string): JobRow | undefined {
    const i = this.#held.findIndex((h) => h.job.id === id);
    return i < 0 ? undefined : this.#held.splice(i, 1)[0]!.job;
  }

  /** Gives the held jobs back to the queue (it was paused); the loop fetches again later. */
  async releaseHeld(): Promise<void> {
    const jobs = this.#held.splice(0).map((h) => h.job);
    if (jobs.length > 0) await this.#opts.giveBack(jobs);
  }

  /**
   * Automatic holding only: gives back the held jobs fetched more than HOLD_MAX_MS ago (the
   * slots stayed busy longer than the start rate promised), so a job is never `running` in
   * the database for long without running here. Returns how long until the next one expires.
   */
  #expireHeld(now: number): number {
    if (!this.#hold.automatic || this.#held.length === 0) return Number.POSITIVE_INFINITY;
    let n = 0;
    while (n < this.#held.length && now - this.#held[n]!.at >= HOLD_MAX_MS) n++;
    if (n > 0) void this.#opts.giveBack(this.#held.splice(0, n).map((h) => h.job));
    return this.#held.length === 0 ? Number.POSITIVE_INFINITY : this.#held[0]!.at + HOLD_MAX_MS - now;
  }

  protected async run(signal: AbortSignal): Promise<void> {
    const stopping = () => {
      this.#stopping = true;
    };
    signal.addEventListener("abort", stopping, { once: true });
    let failures = 0;
    while (!signal.aborted) {
      this.#startHeld();
      const untilExpiry = this.#expireHeld(performance.now());
      const { maxWorkers, global } = this.#opts;
      const free = Math.max(0, Math.min(maxWorkers - this.#running, global.free));
      const target = this.#hold.target();
      // Held jobs are topped up once half of them have started, so each fetch is a batch.
      const ahead = this.#held.length > target / 2 ? 0 : target - this.#held.length;
      const want = free + ahead;
      if (want <= 0) {
        await this.#sleeper.sleep(Math.min(this.#opts.pollInterval, untilExpiry), signal, global.onRelease());
        // Let every job finishing in this turn free its slot, so the next fetch takes a batch.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      // A wake-up before this fetch is answered by it.
      this.#sleeper.clear();
      // Reserve the slots before the round trip: producers of other queues fetch concurrently.
      global.take(free);
      const fetchStartedAt = performance.now();
      let jobs: JobRow[];
      try {
        jobs = await this.#opts.fetch(want);
        failures = 0;
      } catch (err) {
        global.give(free);
        const delay = FETCH_ERROR_BACKOFF_MS[Math.min(failures++, FETCH_ERROR_BACKOFF_MS.length - 1)]!;
        this.logger.warn({ err, queue: this.queue, retryInMs: delay }, "fetching jobs failed");
        await this.#sleeper.sleep(delay, signal);
        continue;
      }
      const startNow = Math.min(free, jobs.length);
      global.give(free - startNow);
      this.#running += startNow;
      this.#hold.started(startNow);
      for (let i = 0; i < startNow; i++) void this.#runOne(jobs[i]!);
      const fetchedAt = performance.now();
      for (let i = startNow; i < jobs.length; i++) this.#held.push({ job: jobs[i]!, at: fetchedAt });
      // Slots that freed while the fetch was on its way found nothing held: fill them now,
      // or these jobs would sit `running` unstarted until the next wake-up.
      this.#startHeld();
      // Polls run at a fixed rate, counted from the start of each fetch: a job inserted
      // without a notification waits half the interval on average, not half plus a round trip.
      if (jobs.length < want) await this.#sleepUntilPoll(fetchStartedAt + this.#opts.refetchAfterMs, signal);
    }
    await this.releaseHeld();
  }

  /**
   * Sleeps until `pollAt` unless woken or stopped first, waking meanwhile only to give back
   * held jobs as they expire: a long poll interval must not keep them `running` unstarted.
   */
  async #sleepUntilPoll(pollAt: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = performance.now();
      if (now >= pollAt) return;
      const untilExpiry = this.#expireHeld(now);
      if ((await this.#sleeper.sleep(Math.min(pollAt - now, untilExpiry), signal)) !== "elapsed") return;
    }
  }

  /** Starts held jobs while this queue and the process have free slots. */
  #startHeld(): void {
    while (this.#held.length > 0 && !this.#stopping && this.#running < this.#opts.maxWorkers && this.#opts.global.free > 0) {
      this.#opts.global.take(1);
      this.#running += 1;
      this.#hold.started(1);
      void this.#runOne(this.#held.shift()!.job);
    }
  }

  async #runOne(job: JobRow): Promise<void> {
    let freed = false;
    const freeSlot = () => {
      if (freed) return;
      freed = true;
      this.#running -= 1;
      this.#opts.global.release();
      // Hand the slot straight to a held job rather than waiting for the loop's next turn.
      this.#startHeld();
    };
    try {
      await this.#opts.run(job, freeSlot);
    } finally {
      freeSlot();
    }
  }
}
