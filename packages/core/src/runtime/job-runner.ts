/** Runs one attempt's handler and decides, from how it settled and why its signal aborted, the attempt's outcome. */
import { TributaryError } from "../base/errors.js";
import { type AttemptToken, rememberDerivedRow } from "../job/attempt-token.js";
import { JobAbortReason } from "../job/job-abort-reason.js";
import type { JobRow } from "../job/job-row.js";
import type { StandardSchemaV1 } from "../job/standard-schema.js";
import { validateStoredArgs } from "../job/validate-args.js";
import { discard, isJobControl, type JobControl } from "./job-control.js";
import type { JobOutcome, OutcomeError } from "./job-outcome.js";
import type { WorkerContext } from "../job/worker-context.js";
import type { WorkerDefinition, WorkerFn } from "./worker.js";

// Defined below the seam (job/) so workEnd hooks can report it; the runtime's modules import it from here.
export { JobAbortReason };

/** How a handler settled. */
export type Settlement = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Retries due this soon go straight to `available` with a future scheduled_at, as River does. */
const SHORT_RETRY_MS = 5_000;

/**
 * Calls the worker's handler; an unknown kind rejects with UNKNOWN_JOB_KIND. A worker bound to
 * a job with a schema first validates the stored args: the handler gets the schema's output;
 * args that fail reject with INVALID_ARGUMENT and the issues (the attempt fails and is retried
 * by policy), or discard the job at once with `discardOnInvalidArgs`.
 */
export function workerCall(worker: WorkerDefinition | undefined, job: JobRow, ctx: WorkerContext): Promise<unknown> {
  if (!worker) {
    return Promise.reject(new TributaryError("UNKNOWN_JOB_KIND", `unknown job kind "${job.kind}": no worker is registered for it in this client`));
  }
  const schema = worker.job?.schema as StandardSchemaV1 | undefined;
  if (schema) return validatedCall(worker, schema, job, ctx);
  // Not an async function: the handler's own promise is handed on (Promise.resolve returns a
  // native one as it is) instead of being wrapped in another per job.
  try {
    return Promise.resolve((worker.work as WorkerFn)(job, ctx));
  } catch (err) {
    return Promise.reject(err);
  }
}

async function validatedCall(worker: WorkerDefinition, schema: StandardSchemaV1, job: JobRow, ctx: WorkerContext): Promise<unknown> {
  let args: unknown;
  try {
    args = await validateStoredArgs(schema, job.kind, job.args);
  } catch (err) {
    if (worker.discardOnInvalidArgs && err instanceof Error) throw discard(err.message);
    throw err;
  }
  const typed: JobRow = { ...job, args: args as JobRow["args"] };
  rememberDerivedRow(typed, job);
  return (worker.work as WorkerFn)(typed, ctx);
}

/**
 * The outcome of an attempt, by River's rules with Tributary's stricter timeout, given why
 * its signal was aborted (`reason`, undefined when it was not):
 * - aborted for a timeout: a failed attempt naming the timeout, whatever the handler did;
 * - aborted because the client stops: a rejection interrupts the job (back to `available`,
 *   attempt restored, no error); a resolution completes it;
 * - aborted by a cancel: a rejection cancels it (with the error);
 * - otherwise a returned or thrown JobControl steers it, a resolution completes it, an error
 *   retries it at `retryAt` or discards it when out of attempts.
 */
export function outcomeOf(
  job: JobRow,
  token: AttemptToken,
  settled: Settlement,
  reason: JobAbortReason | undefined,
  retryAt: (job: JobRow) => Date,
): { outcome: JobOutcome; error?: unknown } {
  const base = { id: job.id, token };
  if (reason?.trigger === "timeout") return failed(job, base, reason, retryAt);
  const control = settled.ok ? settled.value : settled.error;
  if (isJobControl(control)) return { outcome: controlOutcome(job, base, control), error: control.action === "snooze" ? undefined : control };
  if (settled.ok) return { outcome: { ...base, state: "completed" } };
  if (reason?.trigger === "stop") return { outcome: { ...base, state: "available", interrupt: true }, error: settled.error };
  if (reason?.trigger === "cancel") return { outcome: { ...base, state: "cancelled", error: attemptError(job, settled.error) }, error: settled.error };
  return failed(job, base, settled.error, retryAt);
}

function failed(job: JobRow, base: { id: string; token: AttemptToken }, err: unknown, retryAt: (job: JobRow) => Date) {
  const error = attemptError(job, err);
  if (job.attempt >= job.maxAttempts) return { outcome: { ...base, state: "discarded" as const, error }, error: err };
  const at = retryAt(job);
  const state = at.getTime() - Date.now() <= SHORT_RETRY_MS ? ("available" as const) : ("retryable" as const);
  return { outcome: { ...base, state, scheduledAt: at, error }, error: err };
}

function controlOutcome(job: JobRow, base: { id: string; token: AttemptToken }, control: JobControl): JobOutcome {
  if (control.action === "snooze") {
    const at = new Date(Date.now() + control.delayMs);
    return { ...base, state: control.delayMs <= SHORT_RETRY_MS ? "available" : "scheduled", scheduledAt: at, snooze: true };
  }
  const state = control.action === "cancel" ? "cancelled" : "discarded";
  return { ...base, state, error: attemptError(job, control) };
}

function attemptError(job: JobRow, err: unknown): OutcomeError {
  const e = err instanceof Error ? err : new Error(String(err));
  return { at: new Date(), attempt: job.attempt, error: e.message || e.name, trace: e.stack ?? "" };
}
