/** The result of one attempt, waiting in the completer to be written, and what the database kept of it. */
import type { AttemptToken } from "../job/attempt-token.js";
import type { JobState } from "../job/job-row.js";

/** An error recorded for a failed attempt, as River stores it in `errors`. */
export interface OutcomeError {
  at: Date;
  attempt: number;
  error: string;
  trace: string;
}

/**
 * The result of one attempt. `completed` outcomes go in one cheap statement; the others
 * carry their state, retry time and error. `token` names the fetch the attempt came from:
 * the write applies only while the row is still that fetch's run.
 */
export type JobOutcome =
  | { id: string; token: AttemptToken; state: "completed"; staged?: string }
  | {
      id: string;
      token: AttemptToken;
      /** Metadata the worker staged (output, patch, log entry, step progress), as JSON text merged with `||`. */
      staged?: string;
      state: "retryable" | "available" | "discarded" | "cancelled" | "scheduled";
      scheduledAt?: Date;
      error?: OutcomeError;
      snooze?: boolean;
      /** The client stopped: back to `available` now, attempt restored, nothing recorded. */
      interrupt?: boolean;
    };

/** What an outcome statement changed, as the job events report it. */
export interface PersistedOutcome {
  state: JobState;
  attempt: number;
  finalizedAt: Date | null;
  /** Absent when the outcome left it as it was (a completion). */
  scheduledAt?: Date;
}

/**
 * How writing an outcome ended: what was persisted, `"stale"` when the row was no longer the
 * attempt's run (nothing written), `"failed"` when the database could not be reached.
 */
export type OutcomeWrite = PersistedOutcome | "stale" | "failed";
