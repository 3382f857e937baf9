/** @tributary/core's public API: exports only, nothing defined here. */
export { Client, type ListJobsParams, type StopOptions } from "./client/client.js";
export type { InsertResult } from "./job/insert-result.js";
export type { WorkJobResult, WorkOutcome } from "./client/work-job-now.js";
export type { AdminCallOptions } from "./admin/admin-call-options.js";
export type { BulkJobsResult, CancelJobsResult, DeleteJobsOptions } from "./admin/bulk-jobs.js";
export type { JobFilters, TimeRange } from "./admin/job-filters.js";
export type { JobId } from "./admin/job-id.js";
export type { JobStats, JobStatsMinute, JobStatsParams } from "./admin/job-stats.js";
export type { JobSortField, ListJobsPage, SortDirection } from "./admin/list-jobs.js";
export type { QueueInfo } from "./admin/queue-admin.js";
export type { LeaderInfo } from "./admin/leader-info.js";
export type { ClientConfig, QueueConfig } from "./config/client-config.js";
export type { ClientEvents, JobEvent, StuckJobEvent } from "./runtime/client-events.js";
export type { AttemptOutcome, Hooks, WorkOutcomeEvent } from "./extension/hooks.js";
export type { AbortTrigger, JobAbortReason } from "./job/job-abort-reason.js";
export type { InsertRowView, Middleware } from "./extension/middleware.js";
export type { Plugin } from "./extension/plugin.js";
export type { JobEventName, SubscribedJobEvent, SubscribeOptions } from "./runtime/job-event-stream.js";
export type { StuckJobHandler } from "./runtime/job-executor.js";
export type { Driver, DriverTx, Executor, Listener } from "./driver/driver.js";
export {
  DuplicateJobError,
  InvalidArgumentError,
  isTributaryError,
  TributaryError,
  type TributaryErrorCode,
} from "./base/errors.js";
export { preparedStatementsUnsupported } from "./base/prepared-statement-error.js";
export type { InsertManyParams, InsertOpts } from "./job/insert-opts.js";
export type { UniqueOpts } from "./job/unique-opts.js";
export { uniqueKey, uniqueString, type UniqueKey } from "./job/unique-key.js";
export { defineJob, type JobDefinition, type JobDefinitionOptions } from "./job/job-definition.js";
export { defineWorker, type WorkerFactory, workersFor } from "./client/define-worker.js";
export type { InsertManyJobs, InsertManyTypedJob } from "./client/client.js";
export { InvalidJobArgsError } from "./job/validate-args.js";
export type {
  StandardSchemaInput,
  StandardSchemaIssue,
  StandardSchemaOutput,
  StandardSchemaResult,
  StandardSchemaV1,
} from "./job/standard-schema.js";
export { JOB_STATES, type AttemptError, type JobRow, type JobState } from "./job/job-row.js";
export { listenSql, unlistenSql } from "./driver/listen-sql.js";
export { type OwnStatements, type PoolDriverOptions, withPoolDriver } from "./driver/pool-driver.js";
export { defaultLogger, type Logger } from "./base/logger.js";
export * from "./migrate/index.js";
export type { PeriodicJobConfig } from "./periodic/periodic-job.js";
export type { PeriodicJobInfo, PeriodicJobs } from "./periodic/periodic-jobs.js";
export { cancel, discard, JobControl, snooze } from "./runtime/job-control.js";
export { defaultRetryPolicy, type RetryPolicy } from "./runtime/retry-policy.js";
export type { JobWorker, WorkerContext, WorkerDefinition, WorkerFn, WorkerOptions, Workers } from "./runtime/worker.js";
