import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import type { ClientConfig } from "./client-config.js";
import type { ClientEvents, JobEvent } from "./client-events.js";
import type { Driver, Executor } from "./driver.js";
import { DuplicateJobError, InvalidArgumentError, TributaryError } from "./errors.js";
import type { InsertManyParams, InsertOpts } from "./insert/insert-opts.js";
import { type InsertResult, insertResultFromReturned } from "./insert/insert-result.js";
import { type InsertRow, toInsertRow } from "./insert/insert-row.js";
import { type JobDefinition, resolveKind } from "./job-definition.js";
import { JOB_STATES, type JobRow, type JobState, parseJobJson } from "./job-row.js";
import { requestLeaderResign } from "./leader/request-resign.js";
import { defaultLogger, type Logger } from "./logger.js";
import { resolveReindexerConfig } from "./maintenance/reindexer.js";
import { ClientRuntime } from "./runtime/client-runtime.js";
import { InsertNotifyLimiter } from "./runtime/insert-notify-limiter.js";
import { PeriodicJobs } from "./periodic/periodic-jobs.js";
import { integerArrayLiteral, textArrayLiteral } from "./sql/array-literal.js";
import { JobSql } from "./sql/job-sql.js";
import { QueueSql } from "./sql/queue-sql.js";
import { type SchemaTables, schemaTables } from "./sql/schema-tables.js";


/** Filters of `listJobs`. */
export interface ListJobsParams {
  state?: JobState | readonly JobState[];
  kind?: string | readonly string[];
  queue?: string | readonly string[];
  /** Page size, 1–10,000. Default 100. */
  limit?: number;
  /** Only jobs with an id greater than this (pass the last id of the previous page). */
  after?: string;
}

/** Options of `stop()`. */
export interface StopOptions {
  /** Abort running jobs' signals at once instead of waiting for them (a hard stop). */
  cancel?: boolean;
  /** Wait at most this long for running jobs before aborting them. Default: the client's `stopTimeout`. */
  timeout?: number;
}

interface Resolved {
  tables: SchemaTables;
  jobs: JobSql;
  queues: QueueSql;
}

const MISSING_TABLE = /relation "(?:[^"]*\.)?river_(?:job|queue|leader)" does not exist/;

/**
 * Inserts jobs (on its own or inside your transaction) and, when given queues and
 * workers, runs them. `TTx` is your database library's transaction type, taken from the driver.
 *
 * @example
 * const client = new Client({ driver: pgDriver(pool), queues: { default: { maxWorkers: 10 } },
 *   workers: { send_email: async (job) => sendEmail(job.args) } });
 * await client.start();
 * await client.insert("send_email", { to: "a@example.com" });
 */
export class Client<TTx = unknown> {
  readonly id: string;
  readonly driver: Driver<TTx>;
  readonly #config: ClientConfig<TTx>;
  readonly #logger: Logger;
  readonly #events = new EventEmitter();
  #resolved: Promise<Resolved> | undefined;
  readonly #notifyLimiter: InsertNotifyLimiter;
  /** Trailing notifications in flight, awaited by stop() so the pool can be closed after it. */
  readonly #trailingNotifies = new Set<Promise<void>>();
  #runtime: ClientRuntime | undefined;
  /**
   * The schedules this client enqueues while it leads; `add` and `remove` change them at
   * runtime. Configure the same set on every instance: whichever leads enqueues them.
   */
  readonly periodicJobs: PeriodicJobs;

  constructor(config: ClientConfig<TTx>) {
    if (typeof config !== "object" || config === null) throw new InvalidArgumentError("config", "must be an object");
    const { driver } = config;
    if (!driver || typeof driver.executor !== "function" || typeof driver.unwrapTx !== "function") {
      throw new InvalidArgumentError("config.driver", "must be a Tributary driver, e.g. pgDriver(pool)");
    }
    if (config.schema !== undefined) schemaTables(config.schema);
    validateRuntimeConfig(config);
    if (config.leaderElectionDisabled !== undefined && typeof config.leaderElectionDisabled !== "boolean") {
      throw new InvalidArgumentError("config.leaderElectionDisabled", `must be a boolean, got ${String(config.leaderElectionDisabled)}`);
    }
    resolveReindexerConfig(config.reindexer);
    this.periodicJobs = new PeriodicJobs(config.periodicJobs, { leaderElectionDisabled: config.leaderElectionDisabled === true });
    this.driver = driver;
    this.#config = config;
    this.#logger = config.logger ?? defaultLogger;
    this.id = config.id ?? `${hostname()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    this.#events.on("error", () => {});
    this.#notifyLimiter = new InsertNotifyLimiter(config.insertNotifyWindow ?? 5, (queues) => {
      const sending = this.#sendTrailingNotify(queues).finally(() => this.#trailingNotifies.delete(sending));
      this.#trailingNotifies.add(sending);
    });
  }

  // ── inserting ────────────────────────────────────────────────────────────────────────

  /** Inserts one job in its own statement (insert and notify in one round trip). */
  insert<TArgs extends object>(kind: JobDefinition<TArgs>, args: TArgs, opts?: InsertOpts): Promise<InsertResult<TArgs>>;
  insert<TArgs extends object = Record<string, unknown>>(kind: string, args: TArgs, opts?: InsertOpts): Promise<InsertResult<TArgs>>;
  async insert(kind: string | JobDefinition<object>, args: object, opts?: InsertOpts): Promise<InsertResult<any>> {
    const row = this.#row(kind, args, opts, "");
    const [result] = await this.#insertRows(this.driver.executor(), [row.row], [row.onDuplicate]);
    return result!;
  }

  /**
   * Inserts one job inside your transaction: it commits or rolls back with your own writes,
   * and workers are only notified if it commits.
   */
  insertTx<TArgs extends object>(tx: TTx, kind: JobDefinition<TArgs>, args: TArgs, opts?: InsertOpts): Promise<InsertResult<TArgs>>;
  insertTx<TArgs extends object = Record<string, unknown>>(tx: TTx, kind: string, args: TArgs, opts?: InsertOpts): Promise<InsertResult<TArgs>>;
  async insertTx(tx: TTx, kind: string | JobDefinition<object>, args: object, opts?: InsertOpts): Promise<InsertResult<any>> {
    const row = this.#row(kind, args, opts, "");
    const executor = this.driver.unwrapTx(tx);
    const [result] = await this.#insertRows(executor, [row.row], [row.onDuplicate]);
    return result!;
  }

  /** Inserts many jobs in one statement. Results come back in the order given. */
  async insertMany(jobs: readonly InsertManyParams<object>[]): Promise<InsertResult[]> {
    const rows = this.#rows(jobs);
    return this.#insertRows(this.driver.executor(), rows.map((r) => r.row), rows.map((r) => r.onDuplicate));
  }

  /** Inserts many jobs in one statement inside your transaction. */
  async insertManyTx(tx: TTx, jobs: readonly InsertManyParams<object>[]): Promise<InsertResult[]> {
    const rows = this.#rows(jobs);
    const executor = this.driver.unwrapTx(tx);
    return this.#insertRows(executor, rows.map((r) => r.row), rows.map((r) => r.onDuplicate));
  }

  #rows(jobs: readonly InsertManyParams<object>[]): { row: InsertRow; onDuplicate: "skip" | "error" }[] {
    if (!Array.isArray(jobs)) throw new InvalidArgumentError("jobs", "must be an array of { kind, args, opts? }");
    const now = new Date();
    return jobs.map((j, i) => {
      if (typeof j !== "object" || j === null) throw new InvalidArgumentError(`jobs[${i}]`, "must be { kind, args, opts? }");
      return this.#row(j.kind, j.args, j.opts, `jobs[${i}].`, now);
    });
  }

  #row(kindOrDef: string | JobDefinition<object>, args: unknown, opts: InsertOpts | undefined, prefix: string, now = new Date()) {
    const resolved = resolveKind(kindOrDef, opts);
    try {
      return {
        row: toInsertRow(resolved.kind, args, resolved.opts, now),
        onDuplicate: resolved.opts.unique?.onDuplicate ?? "skip",
      };
    } catch (err) {
      if (prefix && err instanceof InvalidArgumentError) throw new InvalidArgumentError(prefix + err.field, err.message.slice(err.field.length + 2));
      throw err;
    }
  }

  async #insertRows(executor: Executor, rows: InsertRow[], onDuplicate: ("skip" | "error")[]): Promise<InsertResult[]> {
    if (rows.length === 0) return [];
    const { jobs } = await this.#resolve();
    // A batch cannot hold two rows with one unique key (ON CONFLICT may touch a row once):
    // later twins are answered with the first one's result.
    const firstByKey = new Map<string, number>();
    const sendIndex: number[] = [];
    const twinOf: (number | undefined)[] = rows.map((row, i) => {
      if (row.unique_key === null) {
        sendIndex.push(i);
        return undefined;
      }
      const first = firstByKey.get(row.unique_key);
      if (first !== undefined) return first;
      firstByKey.set(row.unique_key, i);
      sendIndex.push(i);
      return undefined;
    });
    const queues = this.#notifyLimiter.take(new Set(sendIndex.map((i) => rows[i]!.queue)));
    const sent = sendIndex.map((i) => rows[i]!);
    let results: InsertResult[];
    try {
      const insert = jobs.inserts.query(sent, queues);
      const returned = await executor.query<{ r: string; now: string }>(insert.text, insert.params);
      const statementNow = new Date(JSON.parse(returned[0]!.now) as string);
      results = sent.map((row, k) => insertResultFromReturned(row, returned[k]!.r, statementNow));
      const skippedIds = results.filter((r) => r.skipped).map((r) => r.job.id);
      if (skippedIds.length > 0) {
        // A duplicate's row is the existing job, whose args or kind may differ from what was sent.
        const existing = await executor.query<{ job: string }>(jobs.getByIds, [integerArrayLiteral(skippedIds)]);
        const byId = new Map(existing.map((e) => { const job = parseJobJson(e.job); return [job.id, job] as const; }));
        for (const r of results) if (r.skipped) r.job = byId.get(r.job.id) ?? r.job;
      }
    } catch (err) {
      throw this.#databaseError(err, "inserting jobs");
    }
    const byRow: InsertResult[] = new Array(rows.length);
    sendIndex.forEach((rowIndex, k) => {
      byRow[rowIndex] = results[k]!;
    });
    twinOf.forEach((first, i) => {
      if (first !== undefined) byRow[i] = { job: byRow[first]!.job, skipped: true };
    });
    byRow.forEach((r, i) => {
      if (r.skipped && onDuplicate[i] === "error") throw new DuplicateJobError(r.job.kind, r.job.id);
    });
    return byRow;
  }

  async #sendTrailingNotify(queues: string[]): Promise<void> {
    try {
      const { jobs } = await this.#resolve();
      await this.driver.executor().query(
        `SELECT count(pg_notify($1::text, json_build_object('queue', q.name)::text))::int AS n FROM jsonb_array_elements_text($2::text::jsonb) AS q(name)`,
        [jobs.insertChannel, JSON.stringify(queues)],
      );
    } catch (err) {
      this.#logger.warn({ err, queues }, "trailing insert notification failed; workers will find the jobs by polling");
    }
  }

  // ── reading and managing jobs ────────────────────────────────────────────────────────

  /** The job with this id, or null. */
  async getJob<TArgs = Record<string, unknown>>(id: string | number | bigint): Promise<JobRow<TArgs> | null> {
    const { jobs } = await this.#resolve();
    const rows = await this.#query<{ job: string }>(this.driver.executor(), jobs.getById, [jobId(id)]);
    return rows[0] ? parseJobJson<TArgs>(rows[0].job) : null;
  }

  /** Jobs matching the filters, in id order; page with `after`. */
  async listJobs(params: ListJobsParams = {}): Promise<JobRow[]> {
    const { jobs } = await this.#resolve();
    const limit = params.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new InvalidArgumentError("params.limit", `must be an integer from 1 to 10000, got ${String(limit)}`);
    }
    const states = listParam(params.state, "params.state");
    if (states?.some((s) => !JOB_STATES.includes(s as JobState))) {
      throw new InvalidArgumentError("params.state", `must be one of ${JOB_STATES.join(", ")}`);
    }
    const rows = await this.#query<{ job: string }>(this.driver.executor(), jobs.list, [
      optionalTextArray(states),
      optionalTextArray(listParam(params.kind, "params.kind")),
      optionalTextArray(listParam(params.queue, "params.queue")),
      params.after === undefined ? null : jobId(params.after),
      limit,
    ]);
    return rows.map((r) => parseJobJson(r.job));
  }

  /**
   * Cancels a job. Waiting jobs are cancelled at once; a running job has its worker's
   * `ctx.signal` aborted (in whichever process runs it) and ends cancelled if it then fails.
   * Finalized jobs are returned unchanged.
   */
  async cancelJob(id: string | number | bigint): Promise<JobRow> {
    const { jobs } = await this.#resolve();
    const rows = await this.#query<{ job: string }>(this.driver.executor(), jobs.cancel, [jobId(id), jobs.controlChannel]);
    if (!rows[0]) throw notFound(id);
    const job = parseJobJson(rows[0].job);
    this.#runtime?.cancelLocally(job.id);
    return job;
  }

  /** Makes a job available to run now (attempts are kept). A running job is returned unchanged. */
  async retryJob(id: string | number | bigint): Promise<JobRow> {
    const { jobs } = await this.#resolve();
    const rows = await this.#query<{ job: string }>(this.driver.executor(), jobs.retry, [jobId(id)]);
    if (!rows[0]) throw notFound(id);
    return parseJobJson(rows[0].job);
  }

  /** Deletes a job that is not running and returns it. */
  async deleteJob(id: string | number | bigint): Promise<JobRow> {
    const { jobs } = await this.#resolve();
    const rows = await this.#query<{ state: string | null; job: string | null }>(this.driver.executor(), jobs.delete, [jobId(id)]);
    const row = rows[0];
    if (!row?.state) throw notFound(id);
    if (!row.job) throw new TributaryError("JOB_RUNNING", `job ${String(id)} is running and cannot be deleted; cancel it first`);
    return parseJobJson(row.job);
  }

  /**
   * Marks a running job completed inside your transaction, so the worker's business writes
   * and the completion commit or roll back together. Returns the completed job, or null if the
   * job was no longer running (e.g. cancelled or rescued meanwhile).
   */
  async completeTx(tx: TTx, job: JobRow | string): Promise<JobRow | null> {
    const { jobs } = await this.#resolve();
    const id = typeof job === "string" ? job : job?.id;
    const executor = this.driver.unwrapTx(tx);
    const rows = await this.#query<{ job: string }>(executor, jobs.completeOne, [jobId(id as string)]);
    return rows[0] ? parseJobJson(rows[0].job) : null;
  }

  /** Stops every client (in any process) from fetching jobs of `queue` (`"*"` = all queues). */
  async pauseQueue(queue: string): Promise<void> {
    const { queues } = await this.#resolve();
    await this.#query(this.driver.executor(), queues.pause, [checkQueueName(queue), queues.controlChannel]);
  }

  /** Lets clients fetch jobs of `queue` again (`"*"` = all queues). */
  async resumeQueue(queue: string): Promise<void> {
    const { queues } = await this.#resolve();
    await this.#query(this.driver.executor(), queues.resume, [checkQueueName(queue), queues.controlChannel]);
  }

  // ── running ──────────────────────────────────────────────────────────────────────────

  /** Starts working the configured queues. Throws MIGRATION_MISSING if the schema is not migrated. */
  async start(): Promise<void> {
    if (this.#runtime) return;
    if (!this.#config.queues || Object.keys(this.#config.queues).length === 0) {
      throw new TributaryError("INSERT_ONLY_CLIENT", "this client has no queues: pass queues: { default: { maxWorkers: 10 } } and workers to run jobs");
    }
    const resolved = await this.#resolve();
    const runtime = new ClientRuntime({
      client: this,
      clientId: this.id,
      config: this.#config,
      driver: this.driver,
      tables: resolved.tables,
      jobs: resolved.jobs,
      queues: resolved.queues,
      periodicJobs: this.periodicJobs,
      logger: this.#logger,
      emit: (event, payload) => this.#events.emit(event, payload),
    });
    this.#runtime = runtime;
    try {
      await runtime.start();
    } catch (err) {
      this.#runtime = undefined;
      await runtime.stop({ cancel: true }).catch(() => {});
      throw err;
    }
  }

  /**
   * Stops fetching, waits for running jobs (up to `stopTimeout`, then aborts their signals),
   * writes their outcomes, resigns leadership and closes the listener.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    this.#notifyLimiter.flush();
    await Promise.all(this.#trailingNotifies);
    const runtime = this.#runtime;
    if (!runtime) return;
    await runtime.stop({ cancel: options.cancel ?? false, timeout: options.timeout ?? this.#config.stopTimeout ?? 30_000 });
    this.#runtime = undefined;
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
    const { tables } = await this.#resolve();
    await requestLeaderResign(this.driver.executor(), tables);
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): () => void {
    this.#events.on(event, listener as (...args: unknown[]) => void);
    return () => this.#events.off(event, listener as (...args: unknown[]) => void);
  }

  /** The schema this client works in (resolving `current_schema()` once when not configured). */
  async schema(): Promise<string> {
    return (await this.#resolve()).tables.schema;
  }

  #resolve(): Promise<Resolved> {
    this.#resolved ??= (async () => {
      let schema = this.#config.schema;
      if (schema === undefined) {
        const rows = await this.driver.executor().query<{ schema: string }>("SELECT current_schema()::text AS schema");
        schema = rows[0]?.schema ?? "public";
      }
      const tables = schemaTables(schema);
      return { tables, jobs: new JobSql(tables, { asyncCommit: this.#config.asyncCommit ?? true }), queues: new QueueSql(tables) };
    })().catch((err) => {
      this.#resolved = undefined;
      throw err;
    });
    return this.#resolved;
  }

  async #query<R>(executor: Executor, sql: string, params: unknown[]): Promise<R[]> {
    try {
      return await executor.query<R>(sql, params);
    } catch (err) {
      throw this.#databaseError(err, "running a query");
    }
  }

  #databaseError(err: unknown, doing: string): unknown {
    if (err instanceof TributaryError) return err;
    const message = err instanceof Error ? err.message : String(err);
    if (MISSING_TABLE.test(message)) {
      return new TributaryError(
        "MIGRATION_MISSING",
        `River's tables are missing while ${doing}: run migrate(driver${this.#config.schema ? `, { schema: "${this.#config.schema}" }` : ""}) first`,
        { cause: err },
      );
    }
    return err;
  }
}

/** @internal The event payload type, re-exported for the runtime. */
export type { JobEvent };

function jobId(id: string | number | bigint): string {
  const s = typeof id === "string" ? id : typeof id === "number" || typeof id === "bigint" ? String(id) : "";
  if (!/^[1-9][0-9]{0,18}$/.test(s)) throw new InvalidArgumentError("id", `must be a positive integer job id, got ${JSON.stringify(String(id))}`);
  return s;
}

function notFound(id: string | number | bigint): TributaryError {
  return new TributaryError("JOB_NOT_FOUND", `job ${String(id)} does not exist`);
}

function listParam(value: string | readonly string[] | undefined, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== "string")) throw new InvalidArgumentError(field, "must be a string or a list of strings");
  return [...list];
}

/** An optional filter list as a text[] literal; null means "no filter". */
function optionalTextArray(values: string[] | undefined): string | null {
  return values === undefined ? null : textArrayLiteral(values);
}

function checkQueueName(queue: string): string {
  if (typeof queue !== "string" || queue.length === 0 || queue.length > 127) {
    throw new InvalidArgumentError("queue", "must be a queue name of 1–127 characters or \"*\"");
  }
  return queue;
}

function validateRuntimeConfig(config: ClientConfig<unknown>): void {
  for (const [name, q] of Object.entries(config.queues ?? {})) {
    if (name.length === 0 || name.length > 127) throw new InvalidArgumentError(`config.queues.${name}`, "queue names are 1–127 characters");
    if (!q || !Number.isInteger(q.maxWorkers) || q.maxWorkers < 1) {
      throw new InvalidArgumentError(`config.queues.${name}.maxWorkers`, `must be a positive integer, got ${String(q?.maxWorkers)}`);
    }
    if (q.globalLimit !== undefined && (!Number.isInteger(q.globalLimit) || q.globalLimit < 1)) {
      throw new InvalidArgumentError(`config.queues.${name}.globalLimit`, `must be a positive integer, got ${String(q.globalLimit)}`);
    }
    if (q.rateLimit !== undefined) {
      const { max, interval } = q.rateLimit ?? {};
      if (!Number.isInteger(max) || (max as number) < 1) {
        throw new InvalidArgumentError(`config.queues.${name}.rateLimit.max`, `must be a positive integer, got ${String(max)}`);
      }
      if (typeof interval !== "number" || !Number.isFinite(interval) || interval <= 0) {
        throw new InvalidArgumentError(`config.queues.${name}.rateLimit.interval`, `must be a positive number of milliseconds, got ${String(interval)}`);
      }
    }
    if (q.fetchAhead !== undefined) {
      if (!Number.isInteger(q.fetchAhead) || q.fetchAhead < 0) {
        throw new InvalidArgumentError(`config.queues.${name}.fetchAhead`, `must be a non-negative integer, got ${String(q.fetchAhead)}`);
      }
      if (q.fetchAhead > 0 && (q.globalLimit !== undefined || q.rateLimit !== undefined)) {
        throw new InvalidArgumentError(
          `config.queues.${name}.fetchAhead`,
          "cannot be combined with globalLimit or rateLimit: jobs held ahead would count against the fleet's limits while not running",
        );
      }
    }
  }
  for (const [kind, w] of Object.entries(config.workers ?? {})) {
    if (typeof w !== "function" && (typeof w !== "object" || w === null || typeof w.work !== "function")) {
      throw new InvalidArgumentError(`config.workers.${kind}`, "must be an async function (job, ctx) => … or { work, jobTimeout?, retryPolicy? }");
    }
  }
  const durations = ["jobTimeout", "pollInterval", "rescueStuckJobsAfter", "completedJobRetention", "cancelledJobRetention",
    "discardedJobRetention", "schedulerInterval", "electionInterval", "insertNotifyWindow", "stopTimeout", "maxConcurrentJobs"] as const;
  for (const key of durations) {
    const v = config[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0)) {
      throw new InvalidArgumentError(`config.${key}`, `must be a non-negative number of milliseconds, got ${String(v)}`);
    }
  }
}
