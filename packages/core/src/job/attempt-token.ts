/** Which fetch produced a JobRow: the attempt and the exact attempted_at its outcome writes are guarded by. */
import type { JobRow } from "./job-row.js";

/** The fetch a running job came from; `attemptedAt` is PostgreSQL's exact ISO text, never a millisecond Date. */
export interface AttemptToken {
  readonly attempt: number;
  readonly attemptedAt: string;
}

/**
 * Kept beside the JobRow objects a fetch hands to workers (not on them, so the row stays
 * the plain data the docs describe). `completeTx(tx, job)` finds the token of the very row
 * its worker received; a JobRow read any other way has none.
 */
const tokens = new WeakMap<JobRow<unknown>, AttemptToken>();

export function rememberAttempt(job: JobRow<unknown>, token: AttemptToken): void {
  tokens.set(job, token);
}

export function attemptOf(job: JobRow<unknown>): AttemptToken | undefined {
  return tokens.get(job);
}

/** Rows handed to a handler in place of the fetched one (args replaced by the schema's output) → the fetched row. */
const fetchedRows = new WeakMap<JobRow<unknown>, JobRow<unknown>>();

/** Lets `derived` (the fetched row with validated args) stand for `fetched` in `completeTx`. */
export function rememberDerivedRow(derived: JobRow<unknown>, fetched: JobRow<unknown>): void {
  const token = tokens.get(fetched);
  if (token) tokens.set(derived, token);
  fetchedRows.set(derived, fetched);
}

/** Rows a worker completed itself with `completeTx`, as that statement returned them. */
const completedRows = new WeakMap<JobRow<unknown>, JobRow<unknown>>();

/** Records that `completeTx` completed the attempt `job` came from (its transaction may still roll back). */
export function rememberCompletedInTx(job: JobRow<unknown>, completed: JobRow<unknown>): void {
  completedRows.set(fetchedRows.get(job) ?? job, completed);
}

/** The completed row, when the worker of `job` called `completeTx` with it. */
export function completedInTx<T>(job: JobRow<T>): JobRow<T> | undefined {
  return completedRows.get(job) as JobRow<T> | undefined;
}
