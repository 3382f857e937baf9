/** The Client: the one object an application holds — inserts, job admin, start/stop, events. */
import { type JobAdmin as JobAdminType, JobAdmin, type ListJobsParams } from "../admin/job-admin.js";
import { type AdminCallContext, ClientAdminCalls } from "./client-admin-calls.js";
import type { ClientConfig } from "../config/client-config.js";
import type { ClientEvents } from "../runtime/client-events.js";
import { type ClientSettings, resolveClientConfig } from "../config/resolve-client-config.js";
import type { Driver } from "../driver/driver.js";
import { TributaryError } from "../base/errors.js";
import { Extensions } from "../extension/extensions.js";
import { AmbientTransaction } from "./ambient-transaction.js";
import type { JobEventName, SubscribeOptions, SubscribedJobEvent } from "../runtime/job-event-stream.js";
import { ClientEventHub } from "./client-event-hub.js";
import { Inserter } from "../insert/inserter.js";
import { type InsertRules, insertRulesOf } from "../insert/insert-rules.js";
import type { InsertOpts } from "../job/insert-opts.js";
import type { InsertResult } from "../job/insert-result.js";
import { type InsertManyJob, type PreparedJob, prepareJob, prepareJobs } from "../insert/prepare-jobs.js";
import type { JobDefinition } from "../job/job-definition.js";
import { requestLeaderResign } from "../leader/request-resign.js";
import { PeriodicJobs } from "../periodic/periodic-jobs.js";
import { ClientRuntime } from "./client-runtime.js";
import { explainingDatabaseErrors } from "../sql/database-errors.js";
import { LazySchemaStatements } from "../sql/schema-statements.js";
import type { AdminCallOptions } from "../admin/admin-call-options.js";
import { type JobId, jobId } from "../admin/job-id.js";
import type { Executor } from "../driver/driver.js";
import { type WorkJobResult, workJobNow } from "./work-job-now.js";

export type { ListJobsParams };

/** One typed element of `insertMany`: args checked against its definition's input type. */
export interface InsertManyTypedJob<TArgs extends object> {
  job: JobDefinition<TArgs, any, any>;
  args: NoInfer<TArgs>;
  opts?: InsertOpts;
}

/** The elements of `insertMany`, each checked on its own: `{ job, args }` against its definition, `{ kind, args }` against `TKinds`. */
export type InsertManyJobs<T extends readonly InsertManyJob[], TKinds extends string = string> = {
  readonly [I in keyof T]: CheckedManyJob<T[I], TKinds>;
};

/** Distributes over a union element type (an array literal's), checking each member. */
type CheckedManyJob<E, TKinds extends string> = E extends { job: JobDefinition<infer A, any, any> }
  ? InsertManyTypedJob<A>
  : { kind: TKinds; args: object; opts?: InsertOpts };


/** Options of `stop()`. */
export interface StopOptions {
  /** Abort running jobs' signals at once instead of waiting for them (a hard stop). */
  cancel?: boolean;
  /** Wait at most this long for running jobs before aborting them. Default: the client's `stopTimeout`. */
  timeout?: number;
}

/**
 * Inserts jobs (on its own or inside your transaction) and, when given queues and
 * workers, runs them. `TTx` is your database library's transaction type, taken from the driver.
 *
 * @example
 * const client = new Client({ driver: pgDriver(pool), queues: { default: { maxWorkers: 10 } },
 *   workers: { send_email: async (job) => sendEmail(job.args) } });
 * await client.start();
 * await client.insert("send_email", { to: "a@example.com" });
 *
 * `TKinds` is the union of the kinds of a `workers: [defineWorker(…)]` list: a string-kind
 * insert must name one of them (UNKNOWN_JOB_KIND at runtime otherwise); `string` else.
 */
export class Client<TTx = unknown, TKinds extends string = string> extends ClientAdminCalls<TTx> {
  readonly id: string;
  readonly driver: Driver<TTx>;
  /**
   * The schedules this client enqueues while it leads; `add` and `remove` change them at
   * runtime. Configure the same set on every instance: whichever leads enqueues them.
   */
  readonly periodicJobs: PeriodicJobs;
  readonly #settings: ClientSettings<TTx>;
  readonly #events: ClientEventHub;
  readonly #insertRules: InsertRules;
  readonly #statements: LazySchemaStatements;
  readonly #inserter: Inserter;
  readonly #extensions: Extensions;
  readonly #ambient = new AmbientTransaction();
  /** Every job event goes to the listeners and subscriptions, then to the `workOutcome` hooks. */
  readonly #emitEvent = (event: keyof ClientEvents, payload: unknown): void => {
    this.#events.emit(event, payload);
    this.#extensions.eventEmitted(event, payload);
  };
  readonly #admin: JobAdminType;
  #runtime: ClientRuntime | undefined;

  constructor(config: ClientConfig<TTx, TKinds, Client<TTx>>) {
    super();
    const settings = resolveClientConfig(config);
    this.#settings = settings;
    this.driver = settings.driver;
    this.id = settings.id;
    this.#insertRules = insertRulesOf(settings);
    this.periodicJobs = new PeriodicJobs(config.periodicJobs, { leaderElectionDisabled: settings.leaderElectionDisabled, rules: this.#insertRules });
    this.#events = new ClientEventHub(settings.id, settings.logger);
    const poolExecutor = () => this.driver.executor();
    this.#statements = new LazySchemaStatements(settings.schema, { asyncCommit: settings.asyncCommit }, poolExecutor);
    this.#extensions = new Extensions(settings.extensions, settings.logger, settings.workerExtensions);
    this.#inserter = new Inserter({
      statements: this.#statements,
      poolExecutor,
      notifyWindowMs: settings.insertNotifyWindow,
      extensions: this.#extensions,
      logger: settings.logger,
    });
    this.#admin = new JobAdmin({ statements: this.#statements, schema: settings.schema, poolExecutor });
  }

  // ── inserting ────────────────────────────────────────────────────────────────────────

  /**
   * Inserts one job in its own statement (insert and notify in one round trip). A job with a
   * schema is validated first (INVALID_ARGUMENT with the schema's issues, nothing written).
   */
  insert<TArgs extends object>(job: JobDefinition<TArgs, any, any>, args: NoInfer<TArgs>, opts?: InsertOpts): Promise<InsertResult<TArgs>>;
  insert<TArgs extends object = Record<string, unknown>>(kind: TKinds, args: TArgs, opts?: InsertOpts): Promise<InsertResult<TArgs>>;
  async insert(kind: string | JobDefinition<object, unknown>, args: object, opts?: InsertOpts): Promise<InsertResult<any>> {
    const job = await prepareJob(kind, args, opts, this.#insertRules);
    const ambient = this.#ambient.current();
    const [result] = await this.#insert(ambient ?? this.driver.executor(), [job], ambient !== undefined);
    return result!;
  }

  /**
   * Inserts one job inside your transaction: it commits or rolls back with your own writes,
   * and workers are only notified if it commits.
   */
  insertTx<TArgs extends object>(tx: TTx, job: JobDefinition<TArgs, any, any>, args: NoInfer<TArgs>, opts?: InsertOpts): Promise<InsertResult<TArgs>>;
  insertTx<TArgs extends object = Record<string, unknown>>(tx: TTx, kind: TKinds, args: TArgs, opts?: InsertOpts): Promise<InsertResult<TArgs>>;
  async insertTx(tx: TTx, kind: string | JobDefinition<object, unknown>, args: object, opts?: InsertOpts): Promise<InsertResult<any>> {
    const job = await prepareJob(kind, args, opts, this.#insertRules);
    this.#ambient.checkExplicit(tx);
    const [result] = await this.#insert(this.driver.unwrapTx(tx), [job], true);
    return result!;
  }

  /**
   * Inserts many jobs in one statement: `{ kind, args, opts? }` or `{ job: definition, args, opts? }`
   * elements. Results come back in the order given; one invalid job inserts none.
   */
  async insertMany<T extends readonly InsertManyJob[]>(jobs: T & InsertManyJobs<T, TKinds>): Promise<InsertResult[]> {
    const prepared = await prepareJobs(jobs as readonly InsertManyJob[], this.#insertRules);
    const ambient = this.#ambient.current();
    return this.#insert(ambient ?? this.driver.executor(), prepared, ambient !== undefined);
  }

  /** Inserts many jobs in one statement inside your transaction (elements as for `insertMany`). */
  async insertManyTx<T extends readonly InsertManyJob[]>(tx: TTx, jobs: T & InsertManyJobs<T, TKinds>): Promise<InsertResult[]> {
    const prepared = await prepareJobs(jobs as readonly InsertManyJob[], this.#insertRules);
    this.#ambient.checkExplicit(tx);
    return this.#insert(this.driver.unwrapTx(tx), prepared, true);
  }

  #insert(executor: ReturnType<Driver<TTx>["executor"]>, jobs: PreparedJob[], inCallerTx = false): Promise<InsertResult[]> {
    return explainingDatabaseErrors("inserting jobs", this.#settings.schema, () => this.#inserter.insert(executor, jobs, { inCallerTx }));
  }

  /**
   * Runs `fn` with `tx` as the ambient transaction: inside it, and in every async call it
   * makes, `insert` and `insertMany` join `tx` as `insertTx` would, so service code deep in a
   * call stack enqueues into the open transaction without being handed it. Another `withTx`
   * or an `insertTx` with a different transaction inside the scope throws INVALID_TRANSACTION,
   * and so does an insert that reaches the scope after `fn` settled (nothing is written).
   *
   * @example
   * await db.transaction((tx) => client.withTx(tx, () => placeOrder(order)));  // placeOrder calls client.insert(…)
   */
  withTx<T>(tx: TTx, fn: () => Promise<T>): Promise<T> {
    return this.#ambient.run(tx, () => this.driver.unwrapTx(tx), fn);
  }

  protected get adminContext(): AdminCallContext<TTx> {
    return { admin: this.#admin, unwrapTx: (tx) => this.driver.unwrapTx(tx), cancelLocally: (id) => this.#runtime?.cancelLocally(id) };
  }

  // ── running ──────────────────────────────────────────────────────────────────────────

  /**
   * Works the job with this id once, now, in this process, without starting the client — for
   * tests (`@tributary/testing`'s `workJob` builds on it). The job (available, pending,
   * retryable or scheduled, due or not) is marked running as a fetch would mark it, its
   * registered worker runs with the real context and middleware, and the outcome is written
   * with the runtime's own guarded statement; resolves to the outcome and the job as stored.
   * With `tx`, all of it happens in your transaction, and the worker's own `insert` calls join
   * it (as in `withTx`), so a test that rolls back leaves nothing behind; without `tx`, inside a
   * `withTx` scope, the scope's transaction. No events are emitted. Throws JOB_NOT_FOUND,
   * UNKNOWN_JOB_KIND (no worker here), JOB_RUNNING, INVALID_ARGUMENT (finalized), each before
   * anything is written; when the outcome cannot be written, the database's own error.
   */
  async workJobNow<TArgs = Record<string, unknown>>(id: JobId, opts: AdminCallOptions<TTx> = {}): Promise<WorkJobResult<TArgs>> {
    const target = jobId(id);
    const work = (executor: Executor, committed: boolean) =>
      explainingDatabaseErrors("working a job", this.#settings.schema, async () => {
        // Outside a transaction each write commits: the job events are true when emitted.
        const emit = committed ? this.#emitEvent : undefined;
        const context = { settings: this.#settings, statements: await this.#statements.get(), extensions: this.#extensions, client: this, emit };
        return (await workJobNow(context, executor, target)) as WorkJobResult<TArgs>;
      });
    const { tx } = opts;
    if (tx === undefined) {
      const ambient = this.#ambient.current();
      return work(ambient ?? this.driver.executor(), ambient === undefined);
    }
    this.#ambient.checkExplicit(tx);
    return this.withTx(tx, () => work(this.driver.unwrapTx(tx), false));
  }

  /** Starts working the configured queues. Throws MIGRATION_MISSING if the schema is not migrated. */
  async start(): Promise<void> {
    if (this.#runtime) return;
    if (this.#settings.queues.length === 0) {
      throw new TributaryError("INSERT_ONLY_CLIENT", "this client has no queues: pass queues: { default: { maxWorkers: 10 } } and workers to run jobs");
    }
    const runtime = new ClientRuntime({
      client: this,
      settings: this.#settings,
      statements: await this.#statements.get(),
      inserter: this.#inserter,
      extensions: this.#extensions,
      periodicJobs: this.periodicJobs,
      emit: this.#emitEvent,
      observes: (event, kind) => this.#events.observes(event) || this.#extensions.observesOutcome(event, kind),
    });
    this.#runtime = runtime;
    await this.#extensions.clientStart(this);
    try {
      // Started inside a withTx scope, the runtime's loops must not inherit its transaction.
      await this.#ambient.outside(() => runtime.start());
    } catch (err) {
      this.#runtime = undefined;
      await runtime.stop({ cancel: true, timeout: 0 }).catch(() => {});
      throw err;
    }
  }

  /**
   * Stops fetching, waits for running jobs (up to `stopTimeout`, then aborts their signals),
   * writes their outcomes, resigns leadership, closes the listener and sends the insert
   * notifications still held back, so the pool can be closed once it resolves.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    await this.#inserter.flush();
    const runtime = this.#runtime;
    if (runtime) {
      await runtime.stop({ cancel: options.cancel ?? false, timeout: options.timeout ?? this.#settings.stopTimeout });
      this.#runtime = undefined;
      // What the driver opened for the runtime (a direct LISTEN connection); never the user's pool.
      await this.driver.close?.();
    }
    this.#events.endSubscriptions();
  }

  /** A hard stop: aborts running jobs' signals, then stops as `stop()` does. */
  stopAndCancel(): Promise<void> {
    return this.stop({ cancel: true });
  }

  /** True while this client holds leadership. */
  get isLeader(): boolean {
    return this.#runtime?.isLeader ?? false;
  }

  /**
   * Asks whichever client leads this schema (this one, another, or a River Go client) to
   * resign, with River's `request_resign` notification; another client then takes over
   * within moments. Works from any client, started or not, insert-only included. A leader
   * that cannot LISTEN (a polling driver) does not hear the request.
   */
  async requestLeaderResign(): Promise<void> {
    const { tables } = await this.#statements.get();
    await requestLeaderResign(this.driver.executor(), tables);
  }

  /**
   * Job events as an async iterator, each delivered after its outcome committed:
   * `for await (const e of client.subscribe(["job:failed"])) alert(e.job)`. With no names,
   * every job event. A consumer slower than the workers loses the oldest events past
   * `bufferSize` (one warning); workers never wait. Ends on `stop()` or when `signal` aborts.
   */
  subscribe(events?: readonly JobEventName[], options: SubscribeOptions = {}): AsyncIterableIterator<SubscribedJobEvent> {
    return this.#events.subscribe(events, options);
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** The schema this client works in (resolving `current_schema()` once when not configured). */
  async schema(): Promise<string> {
    return (await this.#statements.get()).tables.schema;
  }
}
