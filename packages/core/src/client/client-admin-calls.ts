/** The Client's admin calls: reading and managing jobs and queues, each optionally in the caller's transaction. */
import type {
  AdminCallOptions, BulkJobsResult, CancelJobsResult, DeleteJobsOptions, JobAdmin, JobFilters, JobId, JobStats, JobStatsParams,
  LeaderInfo,
  ListJobsPage, ListJobsParams, QueueInfo,
} from "../admin/job-admin.js";
import type { Executor } from "../driver/driver.js";
import type { JobRow } from "../job/job-row.js";

/** What the admin calls need from the Client that extends them. */
export interface AdminCallContext<TTx> {
  readonly admin: JobAdmin;
  unwrapTx(tx: TTx): Executor;
  /** The local half of a cancel (aborting a job this process runs). */
  cancelLocally(id: string): void;
}

/**
 * The admin half of the Client's API, kept apart so `Client` stays a readable facade.
 * Every call takes an optional last `{ tx }` to run inside the caller's transaction.
 */
export abstract class ClientAdminCalls<TTx> {
  protected abstract get adminContext(): AdminCallContext<TTx>;

  /** The job with this id, or null. */
  async getJob<TArgs = Record<string, unknown>>(id: JobId, opts?: AdminCallOptions<TTx>): Promise<JobRow<TArgs> | null> {
    return this.adminContext.admin.getJob<TArgs>(id, this.#tx(opts));
  }

  /** Jobs matching River's filters, in the order asked (default: id ascending). */
  async listJobs(params: ListJobsParams = {}, opts?: AdminCallOptions<TTx>): Promise<JobRow[]> {
    return this.adminContext.admin.listJobs(params, this.#tx(opts));
  }

  /** A page of jobs and River's cursor for the next one (pass it back as `params.cursor`). */
  async listJobsPage(params: ListJobsParams = {}, opts?: AdminCallOptions<TTx>): Promise<ListJobsPage> {
    return this.adminContext.admin.listJobsPage(params, this.#tx(opts));
  }

  /** How many jobs match the filters. */
  async countJobs(filters: JobFilters = {}, opts?: AdminCallOptions<TTx>): Promise<number> {
    return this.adminContext.admin.countJobs(filters, this.#tx(opts));
  }

  /** Jobs by queue × state, and completed / failed / discarded per minute since `params.since`. */
  async jobStats(params: JobStatsParams, opts?: AdminCallOptions<TTx>): Promise<JobStats> {
    return this.adminContext.admin.jobStats(params, this.#tx(opts));
  }

  /** Moves the `pending` jobs among `ids` to available (or scheduled, if not yet due); returns the ids moved. */
  async releaseJobs(ids: readonly JobId[], opts?: AdminCallOptions<TTx>): Promise<string[]> {
    return this.adminContext.admin.releaseJobs(ids, this.#tx(opts));
  }

  /** Makes every matching job that is not running available now, in batches; returns how many changed. */
  async retryJobs(filters: JobFilters, opts?: AdminCallOptions<TTx>): Promise<BulkJobsResult> {
    return this.adminContext.admin.retryJobs(filters, this.#tx(opts));
  }

  /** Cancels every matching job not yet finalized, running ones as `cancelJob` does. */
  async cancelJobs(filters: JobFilters, opts?: AdminCallOptions<TTx>): Promise<CancelJobsResult> {
    const result = await this.adminContext.admin.cancelJobs(filters, this.#tx(opts));
    // In a caller's transaction the cancel may still roll back: the notification on commit tells the worker.
    if (opts?.tx === undefined) for (const id of result.cancelRequested) this.adminContext.cancelLocally(id);
    return result;
  }

  /** Deletes every matching job that is not running; with no filter at all it needs `{ unsafeAll: true }`. */
  async deleteJobs(filters: JobFilters, opts?: AdminCallOptions<TTx> & DeleteJobsOptions): Promise<BulkJobsResult> {
    return this.adminContext.admin.deleteJobs(filters, { unsafeAll: opts?.unsafeAll }, this.#tx(opts));
  }

  /**
   * Cancels a job. Waiting jobs are cancelled at once; a running job has its worker's
   * `ctx.signal` aborted (in whichever process runs it) and ends cancelled if it then fails.
   * Finalized jobs are returned unchanged.
   */
  async cancelJob(id: JobId, opts?: AdminCallOptions<TTx>): Promise<JobRow> {
    const job = await this.adminContext.admin.cancelJob(id, this.#tx(opts));
    if (opts?.tx === undefined) this.adminContext.cancelLocally(job.id);
    return job;
  }

  /** Makes a job available to run now (attempts are kept). A running job is returned unchanged. */
  async retryJob(id: JobId, opts?: AdminCallOptions<TTx>): Promise<JobRow> {
    return this.adminContext.admin.retryJob(id, this.#tx(opts));
  }

  /** Deletes a job that is not running and returns it. */
  async deleteJob(id: JobId, opts?: AdminCallOptions<TTx>): Promise<JobRow> {
    return this.adminContext.admin.deleteJob(id, this.#tx(opts));
  }

  /** Records a job's output (`job.output`, `metadata.output`), as River's JobUpdate does. */
  async updateJob(id: JobId, update: { output: unknown }, opts?: AdminCallOptions<TTx>): Promise<JobRow> {
    return this.adminContext.admin.updateJob(id, update, this.#tx(opts));
  }

  #tx(opts: AdminCallOptions<TTx> | undefined): Executor | undefined {
    return opts?.tx === undefined ? undefined : this.adminContext.unwrapTx(opts.tx);
  }

  /**
   * Marks a running job completed inside your transaction, so the worker's business writes
   * and the completion commit or roll back together. Returns the completed job, or null if the
   * job was no longer running (e.g. cancelled or rescued meanwhile).
   */
  async completeTx(tx: TTx, job: JobRow | string): Promise<JobRow | null> {
    return this.adminContext.admin.completeTx(this.adminContext.unwrapTx(tx), job);
  }

  /** Stops every client (in any process) from fetching jobs of `queue` (`"*"` = all queues). */
  async pauseQueue(queue: string, opts?: AdminCallOptions<TTx>): Promise<void> {
    return this.adminContext.admin.pauseQueue(queue, this.#tx(opts));
  }

  /** Lets clients fetch jobs of `queue` again (`"*"` = all queues). */
  async resumeQueue(queue: string, opts?: AdminCallOptions<TTx>): Promise<void> {
    return this.adminContext.admin.resumeQueue(queue, this.#tx(opts));
  }

  /** Every queue with a `river_queue` row or any job: paused, metadata, job counts by state, oldest available job's age. */
  async listQueues(opts?: AdminCallOptions<TTx>): Promise<QueueInfo[]> {
    return this.adminContext.admin.listQueues(this.#tx(opts));
  }

  /** One queue as `listQueues` describes it, or null. */
  async getQueue(name: string, opts?: AdminCallOptions<TTx>): Promise<QueueInfo | null> {
    return this.adminContext.admin.getQueue(name, this.#tx(opts));
  }

  /** The client (Tributary's or River's, in any process) that leads this schema now, or null when none does. */
  async getLeader(opts?: AdminCallOptions<TTx>): Promise<LeaderInfo | null> {
    return this.adminContext.admin.getLeader(this.#tx(opts));
  }

  /** Replaces a queue's metadata and sends River's `metadata_changed` control message. */
  async updateQueue(name: string, update: { metadata: Record<string, unknown> }, opts?: AdminCallOptions<TTx>): Promise<QueueInfo> {
    return this.adminContext.admin.updateQueue(name, update, this.#tx(opts));
  }

}
