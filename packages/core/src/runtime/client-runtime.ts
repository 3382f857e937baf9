import type { ClientConfig } from "../client-config.js";
import type { ClientEvents } from "../client-events.js";
import type { Driver } from "../driver.js";
import { type JobRow, parseJobJson } from "../job-row.js";
import { LeaderElector } from "../leader/elector.js";
import type { Logger } from "../logger.js";
import { MaintenanceRunner } from "../maintenance/maintenance-runner.js";
import { assertMigrated } from "../migrate/migration-state.js";
import { PeriodicEnqueuer } from "../maintenance/periodic-enqueuer.js";
import { Reindexer, resolveReindexerConfig } from "../maintenance/reindexer.js";
import { standardMaintenanceTasks } from "../maintenance/standard-maintenance.js";
import type { PeriodicJobs } from "../periodic/periodic-jobs.js";
import { integerArrayLiteral } from "../sql/array-literal.js";
import type { JobSql } from "../sql/job-sql.js";
import type { QueueSql } from "../sql/queue-sql.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import { Completer } from "./completer.js";
import { ConcurrencyLimit } from "./concurrency-limit.js";
import { JobAbortReason, runJob } from "./job-runner.js";
import { Notifier } from "./notifier.js";
import { Producer } from "./producer.js";
import { defaultRetryPolicy } from "./retry-policy.js";
import type { WorkerDefinition } from "./worker.js";

export interface ClientRuntimeOptions {
  client: unknown;
  clientId: string;
  config: ClientConfig<any>;
  driver: Driver<any>;
  tables: SchemaTables;
  jobs: JobSql;
  queues: QueueSql;
  periodicJobs: PeriodicJobs;
  logger: Logger;
  emit<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void;
}

const QUEUE_TOUCH_INTERVAL_MS = 60_000;
/** The completer's backlog above which producers wait before fetching more. */
const MAX_COMPLETER_BACKLOG = 10_000;
/**
 * How soon a producer of a queue with a fleet-wide limit fetches again after a short fetch:
 * slots freed in other processes send no notification.
 */
const LIMITED_QUEUE_REFETCH_MS = 100;

/**
 * Everything a started client runs: a producer per queue, the completer, the LISTEN
 * connection (or cancel polling without one), and leader election with maintenance.
 */
export class ClientRuntime {
  readonly #o: ClientRuntimeOptions;
  readonly #producers: Producer[] = [];
  readonly #completer: Completer;
  readonly #running = new Map<string, AbortController>();
  readonly #workers = new Map<string, WorkerDefinition>();
  #notifier: Notifier | undefined;
  #timers: NodeJS.Timeout[] = [];
  #elector: LeaderElector | undefined;
  #maintenance: MaintenanceRunner | undefined;
  #periodic: PeriodicEnqueuer | undefined;
  #reindexer: Reindexer | undefined;

  constructor(o: ClientRuntimeOptions) {
    this.#o = o;
    for (const [kind, w] of Object.entries(o.config.workers ?? {})) {
      this.#workers.set(kind, typeof w === "function" ? { work: w } : w);
    }
    this.#completer = new Completer({ executor: () => o.driver.executor(), sql: o.jobs, logger: o.logger });
  }

  get isLeader(): boolean {
    return this.#elector?.isLeader ?? false;
  }

  async start(): Promise<void> {
    const { config, driver, logger } = this.#o;
    await this.#assertMigrated();
    const global = new ConcurrencyLimit(config.maxConcurrentJobs ?? Number.MAX_SAFE_INTEGER);
    const pollInterval = config.pollInterval ?? 1_000;
    for (const [queue, q] of Object.entries(config.queues ?? {})) {
      const limited = q.globalLimit !== undefined || q.rateLimit !== undefined;
      this.#producers.push(
        new Producer({
          queue,
          maxWorkers: q.maxWorkers,
          global,
          pollInterval,
          ...(limited ? { refetchAfterMs: Math.min(pollInterval, LIMITED_QUEUE_REFETCH_MS) } : {}),
          logger,
          fetchAhead: q.fetchAhead ?? 0,
          fetch: (limit) => this.#fetch(queue, limit),
          run: (job) => this.#run(job),
          giveBack: (jobs) => this.#giveBack(jobs),
        }),
      );
    }
    await this.#touchQueues();
    this.#every(QUEUE_TOUCH_INTERVAL_MS, () => this.#touchQueues());

    if (driver.capabilities.listen && driver.listener) {
      const notifier = new Notifier(driver.listener(), this.#o.tables.schema, logger);
      notifier.on("river_insert", (p) => this.#producer(p.queue)?.wake());
      notifier.on("river_control", (p) => this.#onControl(p));
      notifier.on("river_leadership", (p) => this.#elector?.handleNotification(p));
      notifier.onReconnect(() => {
        for (const p of this.#producers) p.wake();
      });
      try {
        await notifier.start();
        this.#notifier = notifier;
        logger.info({ driver: driver.name }, "listening for notifications");
      } catch (err) {
        logger.warn({ err, driver: driver.name }, "could not LISTEN; polling instead");
        await notifier.stop().catch(() => {});
      }
    } else {
      // Said once and loudly: polling alone adds up to pollInterval of latency to every job.
      logger.warn(
        { driver: driver.name, pollInterval },
        `driver ${driver.name} cannot LISTEN here; polling every ${pollInterval} ms for jobs and cancellations (give the driver a listener to wake at once)`,
      );
    }
    if (!this.#notifier) this.#every(pollInterval, () => this.#pollCancellations());
    for (const p of this.#producers) p.start();
    this.#startLeadership();
  }

  /**
   * Aborts a job running in this process at once (the local half of cancelJob); a job held
   * ahead of a free slot is recorded as cancelled without running.
   */
  cancelLocally(id: string): void {
    const running = this.#running.get(id);
    if (running) {
      running.abort(new JobAbortReason("cancel", "job cancelled"));
      return;
    }
    for (const producer of this.#producers) {
      const job = producer.takeHeld(id);
      if (!job) continue;
      const error = { at: new Date(), attempt: job.attempt, error: "job cancelled before it started", trace: "" };
      this.#completer.add({ id, state: "cancelled", error });
      this.#o.emit("job:cancelled", { job, durationMs: 0, error: new JobAbortReason("cancel", error.error) });
      return;
    }
  }

  async stop(opts: { cancel: boolean; timeout?: number }): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    await Promise.all(this.#producers.map((p) => p.stopFetching()));
    if (opts.cancel) this.#abortAll("stop");
    const idle = Promise.all(this.#producers.map((p) => p.idle()));
    if (!opts.cancel && opts.timeout !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        idle.then(() => false),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(true), opts.timeout);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        this.#o.logger.warn({ running: this.#running.size }, "stop timed out; aborting running jobs");
        this.#abortAll("stop");
      }
    }
    await idle;
    await this.#completer.flush();
    await this.#maintenance?.stop();
    await this.#periodic?.stop();
    await this.#reindexer?.stop();
    await this.#elector?.stop();
    await this.#notifier?.stop();
  }

  #startLeadership(): void {
    const { config, driver, tables, logger, clientId } = this.#o;
    if (config.leaderElectionDisabled === true) return;
    const executor = () => driver.executor();
    const rescueStuckJobsAfter = config.rescueStuckJobsAfter ?? 3_600_000;
    this.#maintenance = new MaintenanceRunner({
      logger,
      tasks: standardMaintenanceTasks({
        executor,
        tables,
        rescueStuckJobsAfter,
        // Rescue soon after the threshold even when it is set short.
        rescuerInterval: Math.min(30_000, Math.max(100, rescueStuckJobsAfter / 4)),
        ...(config.schedulerInterval !== undefined ? { schedulerInterval: config.schedulerInterval } : {}),
        ...(config.completedJobRetention !== undefined ? { completedJobRetention: config.completedJobRetention } : {}),
        ...(config.cancelledJobRetention !== undefined ? { cancelledJobRetention: config.cancelledJobRetention } : {}),
        ...(config.discardedJobRetention !== undefined ? { discardedJobRetention: config.discardedJobRetention } : {}),
      }),
    });
    this.#periodic = new PeriodicEnqueuer({
      executor,
      tables,
      jobs: this.#o.jobs,
      periodicJobs: this.#o.periodicJobs,
      cleanStale: config.cleanStalePeriodicJobs ?? false,
      logger,
    });
    const reindexer = resolveReindexerConfig(config.reindexer);
    if (reindexer) this.#reindexer = new Reindexer({ executor, tables, logger, settings: reindexer });
    const intervalMs = config.electionInterval;
    this.#elector = new LeaderElector({
      executor,
      tables,
      clientId,
      logger,
      ...(intervalMs !== undefined ? { intervalMs, ttlMs: intervalMs * 3 } : {}),
      onChange: (isLeader) => {
        logger.info({ clientId, isLeader }, isLeader ? "became leader" : "lost leadership");
        if (isLeader) {
          this.#maintenance?.start();
          this.#periodic?.start();
          this.#reindexer?.start();
        } else {
          void this.#maintenance?.stop();
          void this.#periodic?.stop();
          void this.#reindexer?.stop();
        }
        this.#o.emit("leader:changed", { isLeader });
      },
    });
    this.#elector.start();
  }

  #abortAll(trigger: "stop" | "cancel"): void {
    for (const c of this.#running.values()) c.abort(new JobAbortReason(trigger, "client stopping"));
  }

  #producer(queue: unknown): Producer | undefined {
    return this.#producers.find((p) => p.queue === queue);
  }

  /** The producers a control message for `queue` ("*" = all) addresses. */
  #producersOf(queue: unknown): Producer[] {
    return this.#producers.filter((p) => queue === "*" || p.queue === queue);
  }

  #onControl(p: Record<string, unknown>): void {
    if (p.action === "cancel") {
      this.cancelLocally(String(p.job_id));
    } else if (p.action === "pause") {
      for (const producer of this.#producersOf(p.queue)) void producer.releaseHeld();
    } else if (p.action === "resume") {
      for (const producer of this.#producersOf(p.queue)) producer.wake();
    }
  }

  async #fetch(queue: string, limit: number): Promise<JobRow[]> {
    // Backpressure: outcomes not yet written are jobs still "running" in the database.
    while (this.#completer.backlog > MAX_COMPLETER_BACKLOG) await this.#completer.flush();
    const { driver, jobs, clientId, config } = this.#o;
    const q = config.queues?.[queue];
    let rows: { job: string }[];
    if (q?.globalLimit !== undefined || q?.rateLimit !== undefined) {
      // The lock and the fetch are two statements so the fetch's snapshot is taken with the
      // lock held (see JobSql.fetchLimited).
      rows = await driver.transaction(async (ex) => {
        await ex.query(jobs.fetchLimitLock, [queue]);
        return ex.query<{ job: string }>(jobs.fetchLimited, [
          queue,
          limit,
          clientId,
          q.globalLimit ?? null,
          q.rateLimit?.max ?? null,
          q.rateLimit?.interval ?? null,
        ]);
      });
    } else {
      rows = await driver.executor().query<{ job: string }>(jobs.fetchAvailable, [queue, limit, clientId]);
    }
    // UPDATE … RETURNING does not keep the locking order: restore it, so the jobs started
    // first (and the ones held ahead, last) follow priority, scheduled_at and id.
    return rows.map((r) => parseJobJson(r.job)).sort(byFetchOrder);
  }

  async #run(job: JobRow): Promise<void> {
    const controller = new AbortController();
    this.#running.set(job.id, controller);
    const started = performance.now();
    try {
      const { outcome, error } = await runJob(job, controller, {
        lookupWorker: (kind) => this.#workers.get(kind),
        retryPolicy: this.#o.config.retryPolicy ?? defaultRetryPolicy,
        jobTimeout: this.#o.config.jobTimeout ?? 60_000,
        client: this.#o.client,
      });
      this.#completer.add(outcome);
      // A short retry or snooze stays "available" with a future scheduled_at: fetch again when
      // it is due instead of waiting for the next poll.
      if (outcome.state === "available" && outcome.scheduledAt) this.#wakeAt(job.queue, outcome.scheduledAt);
      const durationMs = performance.now() - started;
      const event = eventFor(outcome.state, "snooze" in outcome && outcome.snooze === true);
      // A retried failure is routine (subscribe to job:failed to act on it); running out of attempts is not.
      if (event === "job:failed") this.#o.logger.info({ jobId: job.id, kind: job.kind, attempt: job.attempt, err: error }, "job failed; will retry");
      if (event === "job:discarded") this.#o.logger.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt, err: error }, "job discarded");
      this.#o.emit(event, error === undefined ? { job, durationMs } : { job, durationMs, error });
    } finally {
      this.#running.delete(job.id);
    }
  }

  #wakeAt(queue: string, at: Date): void {
    const producer = this.#producer(queue);
    if (!producer) return;
    setTimeout(() => producer.wake(), Math.max(0, at.getTime() - Date.now()) + 5).unref();
  }

  /** Jobs fetched ahead that will not start here go back to `available`; never rejects. */
  async #giveBack(jobs: JobRow[]): Promise<void> {
    const { driver, jobs: sql, clientId, logger } = this.#o;
    try {
      await driver.executor().query(sql.giveBack, [integerArrayLiteral(jobs.map((j) => j.id)), clientId, sql.insertChannel]);
    } catch (err) {
      logger.warn({ err, jobs: jobs.length }, "could not give back jobs fetched ahead; the rescuer will make them runnable");
    }
  }

  async #pollCancellations(): Promise<void> {
    const ids = [...this.#running.keys(), ...this.#producers.flatMap((p) => p.heldIds())];
    if (ids.length === 0) return;
    const rows = await this.#o.driver.executor().query<{ id: string }>(this.#o.jobs.cancelRequested, [integerArrayLiteral(ids)]);
    for (const r of rows) this.cancelLocally(r.id);
  }

  async #touchQueues(): Promise<void> {
    const names = this.#producers.map((p) => p.queue);
    await this.#o.driver.executor().query(this.#o.queues.touch, [JSON.stringify(names)]);
  }

  async #assertMigrated(): Promise<void> {
    await assertMigrated(this.#o.driver.executor(), this.#o.tables.schema);
  }

  #every(ms: number, fn: () => Promise<void>): void {
    const t = setInterval(() => {
      fn().catch((err) => this.#o.logger.warn({ err }, "background task failed"));
    }, ms);
    t.unref();
    this.#timers.push(t);
  }
}

function byFetchOrder(a: JobRow, b: JobRow): number {
  return (
    a.priority - b.priority ||
    a.scheduledAt.getTime() - b.scheduledAt.getTime() ||
    a.id.length - b.id.length ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function eventFor(state: string, snoozed: boolean): keyof ClientEvents {
  if (snoozed) return "job:snoozed";
  switch (state) {
    case "completed":
      return "job:completed";
    case "cancelled":
      return "job:cancelled";
    case "discarded":
      return "job:discarded";
    default:
      return "job:failed";
  }
}
