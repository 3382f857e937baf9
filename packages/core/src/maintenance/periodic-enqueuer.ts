/** The leader's periodic job enqueuer: inserts each schedule's next run ahead of time, exactly once. */
import { Sleeper } from "../base/sleeper.js";
import { StartStopService } from "../base/start-stop-service.js";
import type { Executor } from "../driver/driver.js";
import type { Inserter } from "../insert/inserter.js";
import type { PreparedJob } from "../insert/prepare-jobs.js";
import type { Logger } from "../base/logger.js";
import type { PeriodicJob } from "../periodic/periodic-job.js";
import type { PeriodicJobs } from "../periodic/periodic-jobs.js";
import { textArrayLiteral } from "../sql/array-literal.js";
import type { JobSql } from "../sql/job-sql.js";
import type { JobScheduler } from "./job-scheduler.js";

/** Options of {@link PeriodicEnqueuer}. Durations are milliseconds. */
export interface PeriodicEnqueuerOptions {
  executor: () => Executor;
  jobs: JobSql;
  /** Every insert goes through the client's insert pipeline. */
  inserter: Inserter;
  /** Makes runs available at their run time without waiting for the scheduler's interval. */
  scheduler: JobScheduler;
  periodicJobs: PeriodicJobs;
  /** At each start, cancel not-yet-due runs of periodic ids that are no longer configured. */
  cleanStale: boolean;
  logger: Logger;
}

/** Waking a little after a run time, so the database's clock has passed it too. */
const RUN_TIME_SLACK_MS = 5;
const RETRY_AFTER_FAILURE_MS = 1_000;
/** Longest sleep between passes, so a clock jump or a failed pass is caught up. */
const MAX_SLEEP_MS = 60_000;

/**
 * For each schedule it inserts the next run ahead of time, as a `scheduled` job at the run's
 * time, unique by schedule id and run time; at each run time it makes due jobs available
 * (with the insert notification) and inserts the run after. Because every run is in the
 * database before it is due, a new leader finds it there and at most the runs due while no
 * client led are missed; because every run is unique, two leaders for a moment, or many
 * restarts, never enqueue one run twice.
 */
export class PeriodicEnqueuer extends StartStopService {
  readonly name = "periodic-enqueuer";
  protected readonly logger: Logger;
  readonly #o: PeriodicEnqueuerOptions;
  /** The run time each schedule's last insert covered, so a pass inserts only new runs. */
  readonly #inserted = new Map<string, number>();
  #pass: Promise<unknown> = Promise.resolve();
  readonly #sleeper = new Sleeper(false);

  constructor(options: PeriodicEnqueuerOptions) {
    super();
    this.#o = options;
    this.logger = options.logger;
  }

  get running(): boolean {
    return this.started;
  }

  protected async run(signal: AbortSignal): Promise<void> {
    this.#inserted.clear();
    this.#sleeper.clear();
    this.#o.periodicJobs.observe({
      added: () => this.#sleeper.wake(),
      removed: (id) => this.#cancelRemoved(id, signal),
    });
    let first = true;
    let sawRunTime = false;
    try {
      while (!signal.aborted) {
        let sleepMs: number;
        const pass = this.#runPass(first, sawRunTime);
        this.#pass = pass.catch(() => {});
        try {
          sleepMs = await pass;
          first = false;
        } catch (err) {
          this.logger.warn({ err }, "periodic job enqueuer pass failed; retrying");
          sleepMs = RETRY_AFTER_FAILURE_MS;
        }
        sawRunTime = (await this.#sleeper.sleep(sleepMs, signal)) === "elapsed";
      }
    } finally {
      // A start that followed an unawaited stop has attached its own observer already.
      if (!this.started) this.#o.periodicJobs.observe(undefined);
    }
  }

  /** One pass; resolves to how long to sleep until the next run time. */
  async #runPass(first: boolean, makeDue: boolean): Promise<number> {
    const { executor, jobs, periodicJobs, logger } = this.#o;
    const list = periodicJobs.list();
    if (first && this.#o.cleanStale) {
      const [row] = await executor().query<{ cancelled: number }>(jobs.cancelPeriodicRuns, [textArrayLiteral(list.flatMap((j) => (j.legacyId === null ? [j.id] : [j.id, j.legacyId]))), false]);
      if (row && row.cancelled > 0) logger.info({ cancelled: row.cancelled }, "cancelled future runs of removed periodic jobs");
    }
    if (makeDue) await this.#o.scheduler.runOnce();

    const now = new Date();
    const toInsert: PreparedJob[] = [];
    const planned: [PeriodicJob, number][] = [];
    let nextWake = Number.POSITIVE_INFINITY;
    for (const job of list) {
      // Args its kind's schema refused (an async schema is checked here, not at construction).
      if (!(await argsValid(job, logger))) continue;
      if (first && job.runOnStart) {
        const current = job.currentRun(now);
        if (current) toInsert.push({ row: job.row(current, now), onDuplicate: "skip" });
      }
      const next = job.nextRun(now);
      if (!next) continue;
      nextWake = Math.min(nextWake, next.getTime());
      if (this.#inserted.get(job.id) === next.getTime()) continue;
      toInsert.push({ row: job.row(next), onDuplicate: "skip" });
      planned.push([job, next.getTime()]);
    }
    if (toInsert.length > 0) {
      await this.#o.inserter.insert(executor(), toInsert);
      for (const [job, at] of planned) this.#inserted.set(job.id, at);
    }
    if (!Number.isFinite(nextWake)) return MAX_SLEEP_MS;
    return Math.min(MAX_SLEEP_MS, Math.max(0, nextWake - Date.now()) + RUN_TIME_SLACK_MS);
  }

  async #cancelRemoved(id: string, signal: AbortSignal): Promise<void> {
    // A pass that read the list before the removal may still be inserting its run.
    await this.#pass;
    this.#inserted.delete(id);
    if (signal.aborted) return;
    await this.#o.executor().query(this.#o.jobs.cancelPeriodicRuns, [textArrayLiteral([id]), true]);
  }
}

/** Whether a schedule's args passed its kind's schema; a refusal is logged (each pass) and the schedule skipped. */
async function argsValid(job: PeriodicJob, logger: Logger): Promise<boolean> {
  try {
    await job.argsChecked;
    return true;
  } catch (err) {
    logger.error({ err, periodicJobId: job.id, kind: job.kind }, "periodic job skipped: its args do not match its kind's schema");
    return false;
  }
}
