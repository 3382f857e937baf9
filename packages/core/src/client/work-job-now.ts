/** `client.workJobNow`: works one job in this process at once, as the runtime would, without starting the client (for tests). */
import { TributaryError } from "../base/errors.js";
import type { Logger } from "../base/logger.js";
import type { ClientSettings } from "../config/resolve-client-config.js";
import type { Executor } from "../driver/driver.js";
import type { Extensions } from "../extension/extensions.js";
import { rememberAttempt } from "../job/attempt-token.js";
import { type JobRow, parseJobJson, readJobJson } from "../job/job-row.js";
import type { ClientEvents } from "../runtime/client-events.js";
import { Completer } from "../runtime/completer.js";
import { JobExecutor } from "../runtime/job-executor.js";
import { retryPolicyFor } from "../runtime/retry-policy-for.js";
import { RunningJobs } from "../runtime/running-jobs.js";
import type { SchemaStatements } from "../sql/schema-statements.js";

/**
 * How an attempt of `workJobNow` ended: the job event the runtime emits for that outcome,
 * without its `job:` prefix. `stale` means the row stopped being this attempt's run before
 * the outcome was written (nothing was recorded).
 */
export type WorkOutcome = "completed" | "failed" | "snoozed" | "cancelled" | "discarded" | "interrupted" | "stale";

/** What `workJobNow` resolves to. */
export interface WorkJobResult<TArgs = Record<string, unknown>> {
  outcome: WorkOutcome;
  /** The job as stored after the outcome was written (read back on the same executor). */
  job: JobRow<TArgs>;
  /** What the handler threw (or the timeout / control error), when the attempt did not complete. */
  error?: unknown;
}

/** What working one job needs from the client. */
export interface WorkJobNowContext {
  settings: ClientSettings<unknown>;
  statements: SchemaStatements;
  extensions: Extensions;
  /** Handed to the worker as `ctx.client`. */
  client: unknown;
  /**
   * The client's event fan-out (listeners, subscriptions, `workOutcome` hooks), given only when
   * the job is worked outside any transaction: its outcome is committed once written, so the
   * events are true when they go out. In a caller's transaction nothing is emitted.
   */
  emit?: ((event: keyof ClientEvents, payload: unknown) => void) | undefined;
}

const EVENT_OUTCOMES: Partial<Record<keyof ClientEvents, WorkOutcome>> = {
  "job:completed": "completed",
  "job:failed": "failed",
  "job:snoozed": "snoozed",
  "job:cancelled": "cancelled",
  "job:discarded": "discarded",
  "job:interrupted": "interrupted",
  "job:stale": "stale",
};

/**
 * Marks job `id` running on `executor` (a fetch of that one job), runs its worker through the
 * same JobExecutor the runtime uses (middleware, hooks, timeout, output, steps, logger), writes
 * the outcome with the runtime's guarded statement on `executor`, and reads the job back.
 * Emits the client's job events (and runs `workOutcome` hooks) only when `c.emit` is given,
 * i.e. outside any transaction: with a caller's transaction nothing is committed yet.
 */
export async function workJobNow(c: WorkJobNowContext, executor: Executor, id: string): Promise<WorkJobResult> {
  const { settings, statements } = c;
  const { jobs } = statements;
  const [found] = await executor.query<{ job: string }>(jobs.getById, [id]);
  if (!found) throw new TributaryError("JOB_NOT_FOUND", `job ${id} does not exist (or is not visible to this transaction)`);
  const { kind } = parseJobJson(found.job);
  // Refused before anything is written: a job without a worker here would only fail its attempt.
  if (!settings.workers.has(kind)) throw new TributaryError("UNKNOWN_JOB_KIND", `job ${id} is of kind "${kind}", and this client has no worker for it`);
  const rows = await executor.query<{ job: string }>(jobs.fetchById, [id, settings.id]);
  if (rows.length === 0) throw await whyNotWorkable(executor, statements, id);
  const { job, attemptedAtText } = readJobJson(rows[0]!.job);
  rememberAttempt(job, { attempt: job.attempt, attemptedAt: attemptedAtText! });
  // The completer logs a write it could not make and gives up; keep its error to throw it here.
  let refused: unknown;
  const { logger } = settings;
  const completerLogger: Logger = {
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => {
      refused ??= (fields as { err?: unknown }).err;
      logger.error(fields, message);
    },
  };
  const completer = new Completer({ executor: () => executor, sql: statements.outcomes, logger: completerLogger, maxDelayMs: 0 });
  // A test wants a failed write reported now, not retried with backoff as a worker process does.
  await completer.stop(0);
  let ended: { outcome: WorkOutcome; error?: unknown } | undefined;
  const runner = new JobExecutor({
    workers: settings.workers,
    retryAt: retryPolicyFor(settings.workers, settings.retryPolicy),
    jobTimeout: settings.jobTimeout,
    jobStuckThreshold: settings.jobStuckThreshold,
    jobLogs: settings.jobLogs,
    onStuckJob: settings.onStuckJob,
    client: c.client,
    clientId: settings.id,
    extensions: c.extensions,
    workerExtensions: settings.workerExtensions,
    running: new RunningJobs(),
    completer,
    logger: settings.logger,
    emit: (event, ...args) => {
      c.emit?.(event, args[0]);
      const outcome = EVENT_OUTCOMES[event];
      if (outcome === undefined) return;
      const payload = args[0] as { error?: unknown };
      ended = payload.error === undefined ? { outcome } : { outcome, error: payload.error };
    },
    // The outcome is read from its event: every event is built.
    observes: () => true,
    wakeQueueAt: () => {},
  });
  await runner.execute(job, () => {});
  // The outcome was not written (an aborted transaction, a lost connection): the database's own error says why.
  if (!ended) throw refused ?? new Error(`job ${id} ran, but its outcome could not be written`);
  const [stored] = await executor.query<{ job: string }>(jobs.getById, [id]);
  return { ...ended, job: parseJobJson(stored!.job) };
}

/** The error for a job that cannot be worked now: absent, already running, or finalized. */
async function whyNotWorkable(executor: Executor, statements: SchemaStatements, id: string): Promise<TributaryError> {
  const [row] = await executor.query<{ job: string }>(statements.jobs.getById, [id]);
  if (!row) return new TributaryError("JOB_NOT_FOUND", `job ${id} does not exist (or is not visible to this transaction)`);
  const { state } = parseJobJson(row.job);
  if (state === "running") return new TributaryError("JOB_RUNNING", `job ${id} is already running (a started client fetched it?)`);
  return new TributaryError("INVALID_ARGUMENT", `id: job ${id} is ${state}; only a job waiting to run can be worked`);
}
