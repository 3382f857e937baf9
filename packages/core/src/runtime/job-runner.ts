/** Runs one attempt of one job (timeout, signal, worker) and turns what happened into an outcome. */
import { TributaryError } from "../base/errors.js";
import type { JobRow } from "../job/job-row.js";
import { JobControl } from "./job-control.js";
import type { JobOutcome } from "./job-outcome.js";
import type { WorkerDefinition, WorkerFn } from "./worker.js";

/** Why a job's signal was aborted. */
export class JobAbortReason extends Error {
  override readonly name = "JobAbortReason";
  readonly trigger: "timeout" | "cancel" | "stop";
  constructor(cause: "timeout" | "cancel" | "stop", message: string) {
    super(message);
    this.trigger = cause;
  }
}

export interface JobRunnerOptions {
  lookupWorker(kind: string): WorkerDefinition | undefined;
  /** When the job runs next after an error (see retryPolicyFor). */
  retryAt(job: JobRow): Date;
  jobTimeout: number;
  client: unknown;
}

/** Retries due this soon go straight to `available` with a future scheduled_at, as River does. */
const SHORT_RETRY_MS = 5_000;

/**
 * Runs one attempt of one job and turns what happened into a {@link JobOutcome}. Never
 * throws: a worker's error, a timeout or an unknown kind are outcomes like any other.
 */
export async function runJob(
  job: JobRow,
  controller: AbortController,
  opts: JobRunnerOptions,
): Promise<{ outcome: JobOutcome; error?: unknown }> {
  const worker = opts.lookupWorker(job.kind);
  let timer: NodeJS.Timeout | undefined;
  try {
    if (!worker) {
      throw new TributaryError("UNKNOWN_JOB_KIND", `unknown job kind "${job.kind}": no worker is registered for it in this client`);
    }
    const timeout = worker.jobTimeout ?? opts.jobTimeout;
    if (timeout > 0) {
      timer = setTimeout(
        () => controller.abort(new JobAbortReason("timeout", `job timed out after ${timeout} ms`)),
        timeout,
      );
    }
    const result = await (worker.work as WorkerFn)(job, { signal: controller.signal, client: opts.client });
    if (result instanceof JobControl) return { outcome: controlOutcome(job, result) };
    return { outcome: { id: job.id, state: "completed" } };
  } catch (err) {
    if (err instanceof JobControl) return { outcome: controlOutcome(job, err) };
    const reason = controller.signal.aborted ? controller.signal.reason : undefined;
    const error = attemptError(job, reason instanceof JobAbortReason && reason.trigger === "timeout" ? reason : err);
    if (reason instanceof JobAbortReason && reason.trigger === "cancel") {
      return { outcome: { id: job.id, state: "cancelled", error }, error: err };
    }
    if (job.attempt >= job.maxAttempts) return { outcome: { id: job.id, state: "discarded", error }, error: err };
    const at = opts.retryAt(job);
    const state = at.getTime() - Date.now() <= SHORT_RETRY_MS ? "available" : "retryable";
    return { outcome: { id: job.id, state, scheduledAt: at, error }, error: err };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function controlOutcome(job: JobRow, control: JobControl): JobOutcome {
  if (control.action === "snooze") {
    const at = new Date(Date.now() + control.delayMs);
    return { id: job.id, state: control.delayMs <= SHORT_RETRY_MS ? "available" : "scheduled", scheduledAt: at, snooze: true };
  }
  const state = control.action === "cancel" ? "cancelled" : "discarded";
  return { id: job.id, state, error: attemptError(job, control) };
}

function attemptError(job: JobRow, err: unknown): { at: Date; attempt: number; error: string; trace: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { at: new Date(), attempt: job.attempt, error: e.message || e.name, trace: e.stack ?? "" };
}
