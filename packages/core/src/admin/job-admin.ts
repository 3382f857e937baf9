/** Reading and managing jobs and queues by id or filter: the operations behind the client's admin calls. */
import type { Executor } from "../driver/driver.js";
import { InvalidArgumentError, TributaryError } from "../base/errors.js";
import { attemptOf, rememberCompletedInTx } from "../job/attempt-token.js";
import { type JobRow, parseJobJson } from "../job/job-row.js";
import { stringifyExactJson } from "../json/exact-json-stringify.js";
import { explainingDatabaseErrors } from "../sql/database-errors.js";
import type { SchemaStatements } from "../sql/schema-statements.js";
import type { AdminContext } from "./admin-context.js";
import { type JobId, jobId } from "./job-id.js";
import { type ListJobsPage, type ListJobsParams, countJobs, listJobsPage } from "./list-jobs.js";
import { type BulkJobsResult, type CancelJobsResult, type DeleteJobsOptions, cancelJobs, deleteJobs, retryJobs } from "./bulk-jobs.js";
import type { JobFilters } from "./job-filters.js";
import { type JobStats, type JobStatsParams, jobStats } from "./job-stats.js";
import { releaseJobs } from "./release-jobs.js";
import { type LeaderInfo, currentLeader } from "./leader-info.js";
import { type QueueInfo, getQueue, listQueues, updateQueue } from "./queue-admin.js";

export { jobId };
/** The admin types the client's facade names, from one place. */
export type { AdminCallOptions } from "./admin-call-options.js";
export type { BulkJobsResult, CancelJobsResult, DeleteJobsOptions, JobFilters, JobId, JobStats, JobStatsParams, LeaderInfo, ListJobsPage, ListJobsParams, QueueInfo };

/** Options of {@link JobAdmin}. */
export type JobAdminOptions = AdminContext;

/** The admin operations of a client; every statement comes from the schema's statement set. */
export class JobAdmin {
  readonly #o: JobAdminOptions;

  constructor(options: JobAdminOptions) {
    this.#o = options;
  }

  async getJob<TArgs>(id: JobId, executor?: Executor): Promise<JobRow<TArgs> | null> {
    const rows = await this.#query((s) => s.jobs.getById, [jobId(id)], undefined, executor);
    return rows[0] ? parseJobJson<TArgs>(rows[0].job) : null;
  }

  async listJobs(params: ListJobsParams, executor?: Executor): Promise<JobRow[]> {
    return (await listJobsPage(this.#o, params, executor)).jobs;
  }

  listJobsPage(params: ListJobsParams, executor?: Executor): Promise<ListJobsPage> {
    return listJobsPage(this.#o, params, executor);
  }

  countJobs(filters: JobFilters, executor?: Executor): Promise<number> {
    return countJobs(this.#o, filters, executor);
  }

  retryJobs(filters: JobFilters, executor?: Executor): Promise<BulkJobsResult> {
    return retryJobs(this.#o, filters, executor);
  }

  cancelJobs(filters: JobFilters, executor?: Executor): Promise<CancelJobsResult> {
    return cancelJobs(this.#o, filters, executor);
  }

  deleteJobs(filters: JobFilters, options: DeleteJobsOptions, executor?: Executor): Promise<BulkJobsResult> {
    return deleteJobs(this.#o, filters, options, executor);
  }

  jobStats(params: JobStatsParams, executor?: Executor): Promise<JobStats> {
    return jobStats(this.#o, params, executor);
  }

  releaseJobs(ids: readonly JobId[], executor?: Executor): Promise<string[]> {
    return releaseJobs(this.#o, ids, executor);
  }

  listQueues(executor?: Executor): Promise<QueueInfo[]> {
    return listQueues(this.#o, executor);
  }

  getQueue(name: string, executor?: Executor): Promise<QueueInfo | null> {
    return getQueue(this.#o, name, executor);
  }

  getLeader(executor?: Executor): Promise<LeaderInfo | null> {
    return currentLeader(this.#o, executor);
  }

  updateQueue(name: string, update: { metadata: Record<string, unknown> }, executor?: Executor): Promise<QueueInfo> {
    return updateQueue(this.#o, name, update, executor);
  }

  /** Writes a job's output (`metadata.output`, River's `JobUpdate`), at any state. */
  async updateJob(id: JobId, update: { output: unknown }, executor?: Executor): Promise<JobRow> {
    if (typeof update !== "object" || update === null || !("output" in update)) throw new InvalidArgumentError("update", "must be { output }");
    const output = stringifyExactJson(update.output);
    if (output === undefined) throw new InvalidArgumentError("update.output", "must be a JSON value");
    const { jobs } = await this.#o.statements.get(executor);
    const rows = await this.#run(executor ?? this.#o.poolExecutor(), jobs.updateOutput, [jobId(id), output]);
    if (!rows[0]) throw notFound(id);
    return parseJobJson(rows[0].job);
  }

  async cancelJob(id: JobId, executor?: Executor): Promise<JobRow> {
    const rows = await this.#query((s) => s.jobs.cancel, [jobId(id)], (s) => [s.tables.channels.control], executor);
    if (!rows[0]) throw notFound(id);
    return parseJobJson(rows[0].job);
  }

  async retryJob(id: JobId, executor?: Executor): Promise<JobRow> {
    const rows = await this.#query((s) => s.jobs.retry, [jobId(id)], undefined, executor);
    if (!rows[0]) throw notFound(id);
    return parseJobJson(rows[0].job);
  }

  async deleteJob(id: JobId, executor?: Executor): Promise<JobRow> {
    const { jobs } = await this.#o.statements.get(executor);
    const rows = await this.#run<{ state: string | null; job: string | null }>(executor ?? this.#o.poolExecutor(), jobs.delete, [jobId(id)]);
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

  async pauseQueue(queue: string, executor?: Executor): Promise<void> {
    await this.#query((s) => s.queues.pause, [checkQueueName(queue)], (s) => [s.tables.channels.control], executor);
  }

  async resumeQueue(queue: string, executor?: Executor): Promise<void> {
    await this.#query((s) => s.queues.resume, [checkQueueName(queue)], (s) => [s.tables.channels.control], executor);
  }

  /** Runs a statement of the set on `executor` (default: the pool); `tail` appends parameters taken from the set. */
  async #query(
    pick: (s: SchemaStatements) => string,
    params: unknown[],
    tail?: (s: SchemaStatements) => unknown[],
    executor?: Executor,
  ): Promise<{ job: string }[]> {
    const statements = await this.#o.statements.get(executor);
    return this.#run(executor ?? this.#o.poolExecutor(), pick(statements), tail ? [...params, ...tail(statements)] : params);
  }

  #run<R = { job: string }>(executor: Executor, sql: string, params: unknown[]): Promise<R[]> {
    return explainingDatabaseErrors("running a query", this.#o.schema, () => executor.query<R>(sql, params));
  }
}

function notFound(id: JobId): TributaryError {
  return new TributaryError("JOB_NOT_FOUND", `job ${String(id)} does not exist`);
}

function checkQueueName(queue: string): string {
  if (typeof queue !== "string" || queue.length === 0 || queue.length > 127) {
    throw new InvalidArgumentError("queue", "must be a queue name of 1–127 characters or \"*\"");
  }
  return queue;
}
