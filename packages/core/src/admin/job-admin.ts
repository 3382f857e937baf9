/** Reading and managing jobs and queues by id or filter: the operations behind the client's admin calls. */
import type { Executor } from "../driver/driver.js";
import { InvalidArgumentError, TributaryError } from "../base/errors.js";
import { attemptOf, rememberCompletedInTx } from "../job/attempt-token.js";
import { JOB_STATES, type JobRow, type JobState, parseJobJson } from "../job/job-row.js";
import { textArrayLiteral } from "../sql/array-literal.js";
import { explainingDatabaseErrors } from "../sql/database-errors.js";
import type { LazySchemaStatements, SchemaStatements } from "../sql/schema-statements.js";

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

/** A job id as the public calls accept it. */
export type JobId = string | number | bigint;

/** Options of {@link JobAdmin}. */
export interface JobAdminOptions {
  statements: LazySchemaStatements;
  /** The configured schema, for error messages (null: current_schema()). */
  schema: string | null;
  poolExecutor: () => Executor;
}

/** The admin operations of a client; every statement comes from the schema's statement set. */
export class JobAdmin {
  readonly #o: JobAdminOptions;

  constructor(options: JobAdminOptions) {
    this.#o = options;
  }

  async getJob<TArgs>(id: JobId): Promise<JobRow<TArgs> | null> {
    const rows = await this.#query((s) => s.jobs.getById, [jobId(id)]);
    return rows[0] ? parseJobJson<TArgs>(rows[0].job) : null;
  }

  async listJobs(params: ListJobsParams): Promise<JobRow[]> {
    const limit = params.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new InvalidArgumentError("params.limit", `must be an integer from 1 to 10000, got ${String(limit)}`);
    }
    const states = listParam(params.state, "params.state");
    if (states?.some((s) => !JOB_STATES.includes(s as JobState))) {
      throw new InvalidArgumentError("params.state", `must be one of ${JOB_STATES.join(", ")}`);
    }
    const rows = await this.#query((s) => s.jobs.list, [
      optionalTextArray(states),
      optionalTextArray(listParam(params.kind, "params.kind")),
      optionalTextArray(listParam(params.queue, "params.queue")),
      params.after === undefined ? null : jobId(params.after),
      limit,
    ]);
    return rows.map((r) => parseJobJson(r.job));
  }

  async cancelJob(id: JobId): Promise<JobRow> {
    const rows = await this.#query((s) => s.jobs.cancel, [jobId(id)], (s) => [s.tables.channels.control]);
    if (!rows[0]) throw notFound(id);
    return parseJobJson(rows[0].job);
  }

  async retryJob(id: JobId): Promise<JobRow> {
    const rows = await this.#query((s) => s.jobs.retry, [jobId(id)]);
    if (!rows[0]) throw notFound(id);
    return parseJobJson(rows[0].job);
  }

  async deleteJob(id: JobId): Promise<JobRow> {
    const { jobs } = await this.#o.statements.get();
    const rows = await this.#run<{ state: string | null; job: string | null }>(this.#o.poolExecutor(), jobs.delete, [jobId(id)]);
    const row = rows[0];
    if (!row?.state) throw notFound(id);
    if (!row.job) throw new TributaryError("JOB_RUNNING", `job ${String(id)} is running and cannot be deleted; cancel it first`);
    return parseJobJson(row.job);
  }

  /**
   * Completes a running job in the caller's transaction. Given the JobRow a worker received,
   * only that attempt's run is completed: a row rescued and fetched again since throws
   * JOB_ATTEMPT_STALE. Given a bare id, any running row is completed (null when none).
   */
  async completeTx(executor: Executor, job: JobRow | string): Promise<JobRow | null> {
    const { outcomes } = await this.#o.statements.get(executor);
    const id = jobId(typeof job === "string" ? job : (job?.id as string));
    const token = typeof job === "string" ? undefined : attemptOf(job);
    const rows = await this.#run(executor, outcomes.completeOne, [id, token?.attempt ?? null, token?.attemptedAt ?? null]);
    const completed = rows[0] ? parseJobJson(rows[0].job) : null;
    if (token && !completed) {
      throw new TributaryError(
        "JOB_ATTEMPT_STALE",
        `job ${id} is no longer the run of attempt ${token.attempt} this worker was given (rescued, cancelled or fetched again): nothing was completed`,
      );
    }
    if (token && completed) rememberCompletedInTx(job as JobRow, completed);
    return completed;
  }

  async pauseQueue(queue: string): Promise<void> {
    await this.#query((s) => s.queues.pause, [checkQueueName(queue)], (s) => [s.tables.channels.control]);
  }

  async resumeQueue(queue: string): Promise<void> {
    await this.#query((s) => s.queues.resume, [checkQueueName(queue)], (s) => [s.tables.channels.control]);
  }

  /** Runs a statement of the set on the pool; `tail` appends parameters taken from the set. */
  async #query(
    pick: (s: SchemaStatements) => string,
    params: unknown[],
    tail?: (s: SchemaStatements) => unknown[],
  ): Promise<{ job: string }[]> {
    const statements = await this.#o.statements.get();
    return this.#run(this.#o.poolExecutor(), pick(statements), tail ? [...params, ...tail(statements)] : params);
  }

  #run<R = { job: string }>(executor: Executor, sql: string, params: unknown[]): Promise<R[]> {
    return explainingDatabaseErrors("running a query", this.#o.schema, () => executor.query<R>(sql, params));
  }
}

/** A job id as a decimal string, validated before it reaches SQL. */
export function jobId(id: JobId): string {
  const s = typeof id === "string" ? id : typeof id === "number" || typeof id === "bigint" ? String(id) : "";
  if (!/^[1-9][0-9]{0,18}$/.test(s)) throw new InvalidArgumentError("id", `must be a positive integer job id, got ${JSON.stringify(String(id))}`);
  return s;
}

function notFound(id: JobId): TributaryError {
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
