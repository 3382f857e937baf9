export { Client, type ListJobsParams, type StopOptions } from "./client.js";
export type { InsertResult } from "./insert/insert-result.js";
export type { ClientConfig, QueueConfig } from "./client-config.js";
export type { ClientEvents, JobEvent } from "./client-events.js";
export type { Driver, DriverTx, Executor, Listener } from "./driver.js";
export {
  DuplicateJobError,
  InvalidArgumentError,
  isTributaryError,
  TributaryError,
  type TributaryErrorCode,
} from "./errors.js";
export type { InsertManyParams, InsertOpts } from "./insert/insert-opts.js";
export type { UniqueOpts } from "./insert/unique-opts.js";
export { uniqueKey, uniqueString, type UniqueKey } from "./insert/unique-key.js";
export { defineJob, type JobDefinition } from "./job-definition.js";
export { JOB_STATES, type AttemptError, type JobRow, type JobState } from "./job-row.js";
export { listenSql, unlistenSql } from "./listen-sql.js";
export { defaultLogger, type Logger } from "./logger.js";
export * from "./migrate/index.js";
export type { PeriodicJobConfig } from "./periodic/periodic-job.js";
export type { PeriodicJobs } from "./periodic/periodic-jobs.js";
export { cancel, discard, JobControl, snooze } from "./runtime/job-control.js";
export { defaultRetryPolicy, type RetryPolicy } from "./runtime/retry-policy.js";
export type { WorkerContext, WorkerDefinition, WorkerFn, Workers } from "./runtime/worker.js";
