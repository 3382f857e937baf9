/** The one rule for which retry policy decides a job's next run: its kind's worker's, else the client's. */
import type { JobRow } from "../job/job-row.js";
import type { RetryPolicy } from "./retry-policy.js";
import type { WorkerDefinition } from "./worker.js";

/**
 * When a failed or rescued job runs next. Used by the job runner after an error and by the
 * leader's rescuer, so a worker's own `retryPolicy` applies to both.
 */
export function retryPolicyFor(workers: ReadonlyMap<string, WorkerDefinition>, clientPolicy: RetryPolicy): (job: JobRow) => Date {
  return (job) => (workers.get(job.kind)?.retryPolicy ?? clientPolicy)(job);
}
