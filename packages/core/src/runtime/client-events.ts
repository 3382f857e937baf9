/** The events a client emits about jobs and leadership. */
import type { JobRow } from "../job/job-row.js";

/**
 * What every job event carries. Outcome events fire after the outcome is committed, and
 * `job` holds the persisted state, attempt, `finalizedAt` and `scheduledAt` (and the error
 * just recorded, in `errors`).
 */
export interface JobEvent {
  job: JobRow;
  /** Wall time of the attempt in milliseconds (0 for `job:started`). */
  durationMs: number;
  /** The error the attempt ended with: failed, discarded and cancelled attempts (`cancel(…)` too). */
  error?: unknown;
}

/** A job still running `jobStuckThreshold` after its timeout aborted its signal. */
export interface StuckJobEvent {
  job: JobRow;
  /** Jobs of this client stuck right now, this one included. */
  stuckCount: number;
}

/** Events a client emits: `client.on("job:completed", ({ job, durationMs }) => …)`. */
export interface ClientEvents {
  /** A fetched job's handler is about to run. */
  "job:started": [JobEvent];
  "job:completed": [JobEvent];
  /** An attempt failed and the job will be retried. */
  "job:failed": [JobEvent];
  "job:discarded": [JobEvent];
  "job:cancelled": [JobEvent];
  "job:snoozed": [JobEvent];
  /** The client stopped while the job ran: it is `available` again, its attempt given back. */
  "job:interrupted": [JobEvent];
  /** A handler ignored its timeout's signal for `jobStuckThreshold` (emitted once per attempt). */
  "job:stuck": [StuckJobEvent];
  /**
   * The attempt's outcome was dropped: the row was no longer this attempt's run (rescued and
   * fetched again, cancelled, deleted). Nothing was written.
   */
  "job:stale": [JobEvent];
  /**
   * `stop()` reached its deadline while the database refused or could not take these jobs'
   * outcomes: their rows stay `running`, and the rescuer runs them again.
   */
  "outcomes:unrecorded": [{ jobIds: string[] }];
  /** This client became or stopped being the leader. */
  "leader:changed": [{ isLeader: boolean }];
  /** An internal error that was handled (logged) but may interest monitoring. */
  error: [unknown];
}
