import type { Executor } from "../driver.js";
import type { InsertRow } from "../insert/insert-row.js";
import type { Logger } from "../logger.js";
import type { PeriodicJob } from "../periodic/periodic-job.js";
import type { PeriodicJobs } from "../periodic/periodic-jobs.js";
import type { JobSql } from "../sql/job-sql.js";
import { textArrayLiteral } from "../sql/array-literal.js";
import { scheduleDueJobsSql } from "../sql/maintenance.js";
import type { SchemaTables } from "../sql/schema-tables.js";

/** Options of {@link PeriodicEnqueuer}. Durations are milliseconds. */
export interface PeriodicEnqueuerOptions {
  executor: () => Executor;
  tables: SchemaTables;
  jobs: JobSql;
  periodicJobs: PeriodicJobs;
  /** At each start, cancel not-yet-due runs of periodic ids that are no longer configured. */
  cleanStale: boolean;
  logger: Logger;
  /** Longest sleep between passes, so a clock jump or a failed pass is caught up. Default 60 000. */
  maxSleepMs?: number;
}

/** Waking a little after a run time, so the database's clock has passed it too. */
const RUN_TIME_SLACK_MS = 5;
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * The leader's periodic job enqueuer. For each schedule it inserts the next run ahead of
 * time, as a `scheduled` job at the run's time, unique by schedule id and run time; at each
 * run time it makes due jobs available (with the insert notification) and inserts the run
 * after. Because every run is in the database before it is due, a new leader finds it there
 * and at most the runs due while no client led are missed; because every run is unique,
 * two leaders for a moment, or many restarts, never enqueue one run twice.
 */
export class PeriodicEnqueuer {
  readonly #o: PeriodicEnqueuerOptions;
  readonly #maxSleepMs: number;
  /** Bumped by start/stop so a loop of an earlier start ends. */
  #generation = 0;
  #started = false;
  /** The run time each schedule's last insert covered, so a pass inserts only new runs. */
  readonly #inserted = new Map<string, number>();
  #pass: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;

  constructor(options: PeriodicEnqueuerOptions) {
    this.#o = options;
    this.#maxSleepMs = options.maxSleepMs ?? 60_000;
  }

  get running(): boolean {
    return this.#started;
  }

  /** Starts enqueuing (on gaining leadership). Idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const generation = ++this.#generation;
    this.#inserted.clear();
    this.#o.periodicJobs.observe({
      added: () => this.#wake?.(),
      removed: (id) => this.#cancelRemoved(id, generation),
    });
    void this.#loop(generation);
  }

  /** Stops enqueuing and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#generation++;
    this.#o.periodicJobs.observe(undefined);
    this.#wake?.();
    await this.#pass;
  }

  async #loop(generation: number): Promise<void> {
    let first = true;
    let sawRunTime = false;
    while (generation === this.#generation) {
      let sleepMs: number;
      const pass = this.#runPass(first, sawRunTime);
      this.#pass = pass.then(
        () => {},
        () => {},
      );
      try {
        sleepMs = await pass;
        first = false;
      } catch (err) {
        this.#o.logger.warn({ err }, "periodic job enqueuer pass failed; retrying");
        sleepMs = RETRY_AFTER_FAILURE_MS;
      }
      if (generation !== this.#generation) return;
      sawRunTime = await this.#sleep(sleepMs);
    }
  }

  /** One pass; resolves to how long to sleep until the next run time. */
  async #runPass(first: boolean, makeDue: boolean): Promise<number> {
    const { executor, jobs, tables, periodicJobs, logger } = this.#o;
    const ex = executor();
    const list = periodicJobs.list();
    if (first && this.#o.cleanStale) {
      const [row] = await ex.query<{ cancelled: number }>(jobs.cancelPeriodicRuns, [textArrayLiteral(list.map((j) => j.id)), false]);
      if (row && row.cancelled > 0) logger.info({ cancelled: row.cancelled }, "cancelled future runs of removed periodic jobs");
    }
    if (makeDue) await ex.query(scheduleDueJobsSql(tables), [10_000, jobs.insertChannel]);

    const now = new Date();
    const rows: InsertRow[] = [];
    const notify = new Set<string>();
    const planned: [PeriodicJob, number][] = [];
    let nextWake = Number.POSITIVE_INFINITY;
    for (const job of list) {
      if (first && job.runOnStart) {
        const current = job.currentRun(now);
        if (current) {
          const row = job.row(current, now);
          rows.push(row);
          notify.add(row.queue);
        }
      }
      const next = job.nextRun(now);
      if (!next) continue;
      nextWake = Math.min(nextWake, next.getTime());
      if (this.#inserted.get(job.id) === next.getTime()) continue;
      rows.push(job.row(next));
      planned.push([job, next.getTime()]);
    }
    if (rows.length > 0) {
      // Twins in one statement would make ON CONFLICT touch a row twice: a runOnStart run
      // whose run time is exactly the next one cannot happen (current ≤ now < next).
      const insert = jobs.inserts.query(rows, [...notify]);
      await ex.query(insert.text, insert.params);
      for (const [job, at] of planned) this.#inserted.set(job.id, at);
    }
    if (!Number.isFinite(nextWake)) return this.#maxSleepMs;
    return Math.min(this.#maxSleepMs, Math.max(0, nextWake - Date.now()) + RUN_TIME_SLACK_MS);
  }

  /** Resolves true when the sleep ran its course (a run time passed), false when woken early. */
  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(true), ms);
      timer.unref();
      const done = (ranOut: boolean) => {
        clearTimeout(timer);
        if (this.#wake === wake) this.#wake = undefined;
        resolve(ranOut);
      };
      const wake = () => done(false);
      this.#wake = wake;
    });
  }

  async #cancelRemoved(id: string, generation: number): Promise<void> {
    // A pass that read the list before the removal may still be inserting its run.
    await this.#pass;
    this.#inserted.delete(id);
    if (generation !== this.#generation) return;
    await this.#o.executor().query(this.#o.jobs.cancelPeriodicRuns, [textArrayLiteral([id]), true]);
  }
}
