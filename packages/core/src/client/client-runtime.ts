/** Everything a started client runs, wired together: producers, completer, notifications, leadership. */
import type { ClientEvents } from "../runtime/client-events.js";
import type { ClientSettings, QueueSettings } from "../config/resolve-client-config.js";
import type { Listener } from "../driver/driver.js";
import type { Extensions } from "../extension/extensions.js";
import type { Inserter } from "../insert/inserter.js";
import type { JobRow } from "../job/job-row.js";
import { Leadership } from "../leader/leadership.js";
import { assertMigrated } from "../migrate/migration-state.js";
import type { PeriodicJobs } from "../periodic/periodic-jobs.js";
import { integerArrayLiteral } from "../sql/array-literal.js";
import type { SchemaStatements } from "../sql/schema-statements.js";
import { withinMs } from "../base/within-ms.js";
import { Cancellation } from "../runtime/cancellation.js";
import { Completer } from "../runtime/completer.js";
import { ConcurrencyLimit } from "../runtime/concurrency-limit.js";
import { JobExecutor, type JobExecutorOptions } from "../runtime/job-executor.js";
import { JobFetcher } from "../runtime/job-fetcher.js";
import { JobAbortReason } from "../runtime/job-runner.js";
import { ListenSupervisor } from "../runtime/listen-supervisor.js";
import { Notifier } from "../runtime/notifier.js";
import { Producer } from "../runtime/producer.js";
import { kindTimeouts } from "../runtime/kind-timeouts.js";
import { retryPolicyFor } from "../runtime/retry-policy-for.js";
import { RunningJobs } from "../runtime/running-jobs.js";

/** Options of {@link ClientRuntime}. */
export interface ClientRuntimeOptions extends Pick<JobExecutorOptions, "observes"> {
  /** Handed to workers as `ctx.client`. */
  client: unknown;
  settings: ClientSettings<unknown>;
  statements: SchemaStatements;
  inserter: Inserter;
  extensions: Extensions;
  periodicJobs: PeriodicJobs;
  emit<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void;
}

/** How often a producer touches its queue row (River: every 10 min), so the leader's queue cleaner keeps it. */
const QUEUE_TOUCH_INTERVAL_MS = 600_000;
/**
 * How soon a producer of a queue with a fleet-wide limit fetches again after a short fetch:
 * slots freed in other processes send no notification.
 */
const LIMITED_QUEUE_REFETCH_MS = 100;
/** How long stop() waits for handlers after aborting their signals, before abandoning them. */
const STOP_GRACE_MS = 500;

/**
 * The services of a started client and who starts whom: a producer per queue (fetching
 * through the JobFetcher, working through the JobExecutor), the completer writing outcomes,
 * the notifier (or cancel polling without one), and leadership. `stop()` stops them in
 * order within the deadline: producers, running jobs, completer, leadership, notifier.
 */
export class ClientRuntime {
  readonly #o: ClientRuntimeOptions;
  readonly #producers: Producer[];
  readonly #completer: Completer;
  readonly #running = new RunningJobs();
  readonly #cancellation: Cancellation;
  readonly #leadership: Leadership;
  #listener: ListenSupervisor | undefined;
  #timers: NodeJS.Timeout[] = [];
  #cancelPolling: NodeJS.Timeout | undefined;

  constructor(o: ClientRuntimeOptions) {
    this.#o = o;
    const { settings, statements } = o;
    const { driver, logger } = settings;
    const poolExecutor = () => driver.executor();
    this.#completer = new Completer({ executor: poolExecutor, sql: statements.outcomes, logger });
    const retryAt = retryPolicyFor(settings.workers, settings.retryPolicy);
    const fetcher = new JobFetcher({ driver, jobs: statements.jobs, clientId: settings.id, completer: this.#completer });
    const executor = new JobExecutor({
      workers: settings.workers,
      retryAt,
      jobTimeout: settings.jobTimeout,
      jobStuckThreshold: settings.jobStuckThreshold,
      jobLogs: settings.jobLogs,
      onStuckJob: settings.onStuckJob,
      client: o.client,
      clientId: settings.id,
      extensions: o.extensions,
      workerExtensions: settings.workerExtensions,
      running: this.#running,
      completer: this.#completer,
      logger,
      emit: o.emit,
      observes: o.observes,
      wakeQueueAt: (queue, at) => this.#wakeAt(queue, at),
    });
    const global = new ConcurrencyLimit(settings.maxConcurrentJobs);
    this.#producers = settings.queues.map(
      (queue) =>
        new Producer({
          queue: queue.name,
          maxWorkers: queue.maxWorkers,
          fetchAhead: queue.fetchAhead,
          global,
          pollInterval: settings.pollInterval,
          refetchAfterMs: isFleetLimited(queue) ? Math.min(settings.pollInterval, LIMITED_QUEUE_REFETCH_MS) : settings.pollInterval,
          logger,
          fetch: (limit) => fetcher.fetch(queue, limit),
          run: (job, freeSlot) => executor.execute(job, freeSlot),
          giveBack: (jobs) => this.#giveBack(jobs),
        }),
    );
    this.#cancellation = new Cancellation({
      running: this.#running,
      producers: this.#producers,
      completer: this.#completer,
      jobs: statements.jobs,
      poolExecutor,
      emit: o.emit,
    });
    this.#leadership = new Leadership({
      poolExecutor,
      statements,
      clientId: settings.id,
      electionInterval: settings.electionInterval,
      leaderElectionDisabled: settings.leaderElectionDisabled,
      reindexer: settings.reindexer,
      schedulerInterval: settings.schedulerInterval,
      rescueStuckJobsAfter: settings.rescueStuckJobsAfter,
      completedJobRetention: settings.completedJobRetention,
      cancelledJobRetention: settings.cancelledJobRetention,
      discardedJobRetention: settings.discardedJobRetention,
      retryAt,
      timeoutFor: kindTimeouts(settings),
      periodicJobs: o.periodicJobs,
      cleanStalePeriodicJobs: settings.cleanStalePeriodicJobs,
      inserter: o.inserter,
      onPeriodicJobsStart: () => void o.extensions.periodicJobsStart(o.client),
      logger,
      emit: o.emit,
    });
  }

  get isLeader(): boolean {
    return this.#leadership.isLeader;
  }

  async start(): Promise<void> {
    const { settings, statements } = this.#o;
    await assertMigrated(settings.driver.executor(), statements.tables.schema);
    await this.#touchQueues();
    this.#every(QUEUE_TOUCH_INTERVAL_MS, () => this.#touchQueues());
    await this.#listen();
    for (const p of this.#producers) p.start();
    this.#leadership.start();
  }

  /** The local half of cancelJob (see Cancellation). */
  cancelLocally(id: string): void {
    this.#cancellation.cancelLocally(id);
  }

  /**
   * Stops within `timeout` + STOP_GRACE_MS, always: stops fetching, waits for running jobs up
   * to `timeout` (none with `cancel`), aborts the rest with reason "stop" (a handler that then
   * rejects is interrupted: back to `available`, its attempt given back), waits STOP_GRACE_MS
   * more, and abandons what still runs to the rescuer (its row stays `running`). Then writes
   * the last outcomes, resigns and closes the listener in what remains of the deadline.
   */
  async stop(opts: { cancel: boolean; timeout: number }): Promise<void> {
    const { logger } = this.#o.settings;
    const deadline = performance.now() + (opts.cancel ? 0 : opts.timeout) + STOP_GRACE_MS;
    const left = () => deadline - performance.now();
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    clearInterval(this.#cancelPolling);
    await Promise.all(this.#producers.map((p) => p.stop()));
    const stopping = new JobAbortReason("stop", "client stopping");
    if (opts.cancel || !(await this.#running.settledWithin(left() - STOP_GRACE_MS))) {
      if (!opts.cancel) logger.warn({ running: this.#running.size }, "stop timed out; interrupting running jobs");
      this.#running.abortAll(stopping);
      if (!(await this.#running.settledWithin(left()))) {
        const abandoned = this.#running.abandonAll();
        logger.warn({ abandoned }, "jobs ignored their stop signal; their rows stay running for the rescuer");
      }
    }
    const tail = (async () => {
      // Keep retrying the last outcomes through an outage, but only until the deadline.
      const unrecorded = await this.#completer.stop(left());
      if (unrecorded.length > 0) {
        logger.error({ unrecorded: unrecorded.length }, "stop could not record some job outcomes; the rescuer will run those jobs again");
        this.#o.emit("outcomes:unrecorded", { jobIds: unrecorded });
      }
      await this.#leadership.stop();
      await this.#listener?.stop();
    })();
    if (!(await withinMs(tail, left()))) logger.warn({}, "stop reached its deadline before the last outcomes and resignation were written");
  }

  /**
   * Listens when the driver can. Without a listener, or while the first LISTEN failed and
   * the supervisor retries it, cancellations are found by polling.
   */
  async #listen(): Promise<void> {
    const { driver, logger, pollInterval } = this.#o.settings;
    const { listener } = driver;
    if (!listener) {
      // Said once and loudly: polling alone adds up to pollInterval of latency to every job.
      logger.warn(
        { driver: driver.name, pollInterval },
        `driver ${driver.name} cannot LISTEN here; polling every ${pollInterval} ms for jobs and cancellations (give the driver a listener to wake at once)`,
      );
      this.#pollCancellations();
      return;
    }
    this.#listener = new ListenSupervisor({
      driverName: driver.name,
      logger,
      makeNotifier: () => this.#notifier(listener.call(driver)),
      onListening: () => {
        clearInterval(this.#cancelPolling);
        // Catch up on whatever was inserted while this client could not hear it.
        for (const p of this.#producers) p.wake();
        void this.#cancellation.poll().catch(() => {});
      },
    });
    if (!(await this.#listener.listenNow())) {
      this.#pollCancellations();
      this.#listener.start();
    }
  }

  #notifier(listener: Listener): Notifier {
    const notifier = new Notifier(listener, this.#o.statements.tables, this.#o.settings.logger);
    notifier.on("river_insert", (p) => this.#producer(p.queue)?.wake());
    notifier.on("river_control", (p) => this.#onControl(p));
    notifier.on("river_leadership", (p) => this.#leadership.onNotification(p));
    notifier.onReconnect(() => {
      for (const p of this.#producers) p.wake();
    });
    return notifier;
  }

  #pollCancellations(): void {
    this.#cancelPolling = setInterval(() => {
      this.#cancellation.poll().catch((err) => this.#o.settings.logger.warn({ err }, "polling for cancellations failed"));
    }, this.#o.settings.pollInterval);
    this.#cancelPolling.unref();
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
      this.#cancellation.cancelLocally(String(p.job_id));
    } else if (p.action === "pause") {
      for (const producer of this.#producersOf(p.queue)) void producer.releaseHeld();
    } else if (p.action === "resume") {
      for (const producer of this.#producersOf(p.queue)) producer.wake();
    }
  }

  #wakeAt(queue: string, at: Date): void {
    const producer = this.#producer(queue);
    if (!producer) return;
    setTimeout(() => producer.wake(), Math.max(0, at.getTime() - Date.now()) + 5).unref();
  }

  /** Jobs fetched ahead that will not start here go back to `available`; never rejects. */
  async #giveBack(jobs: JobRow[]): Promise<void> {
    const { settings, statements } = this.#o;
    try {
      await settings.driver
        .executor()
        .query(statements.jobs.giveBack, [integerArrayLiteral(jobs.map((j) => j.id)), settings.id, statements.tables.channels.insert]);
    } catch (err) {
      settings.logger.warn({ err, jobs: jobs.length }, "could not give back jobs fetched ahead; the rescuer will make them runnable");
    }
  }

  async #touchQueues(): Promise<void> {
    const names = this.#producers.map((p) => p.queue);
    await this.#o.settings.driver.executor().query(this.#o.statements.queues.touch, [JSON.stringify(names)]);
  }

  #every(ms: number, fn: () => Promise<void>): void {
    const t = setInterval(() => {
      fn().catch((err) => this.#o.settings.logger.warn({ err }, "background task failed"));
    }, ms);
    t.unref();
    this.#timers.push(t);
  }
}

function isFleetLimited(queue: QueueSettings): boolean {
  return queue.globalLimit !== null || queue.rateLimit !== null;
}
