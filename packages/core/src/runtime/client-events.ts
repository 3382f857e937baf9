/** The events a client emits about jobs and leadership. */
import type { JobRow } from "../job/job-row.js";

/** What every job event carries. */
export interface JobEvent {
  job: JobRow;
  /** Wall time of the attempt in milliseconds. */
  durationMs: number;
  /** The error thrown by the worker, for failed, discarded and cancelled attempts. */
  error?: unknown;
}

/** Events a client emits: `client.on("job:completed", ({ job, durationMs }) => …)`. */
export interface ClientEvents {
  "job:completed": [JobEvent];
  /** An attempt failed and the job will be retried. */
  "job:failed": [JobEvent];
  "job:discarded": [JobEvent];
  "job:cancelled": [JobEvent];
  "job:snoozed": [JobEvent];
  /** This client became or stopped being the leader. */
  "leader:changed": [{ isLeader: boolean }];
  /** An internal error that was handled (logged) but may interest monitoring. */
  error: [unknown];
}
