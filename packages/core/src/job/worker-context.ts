/** What a worker gets besides the job: its signal, the client, and River's output, metadata, logs and steps. */

/** A pino-compatible logger bound to one attempt (`jobId`, `kind`, `attempt`). */
export interface AttemptLogger {
  debug(fieldsOrMessage: object | string, message?: string): void;
  info(fieldsOrMessage: object | string, message?: string): void;
  warn(fieldsOrMessage: object | string, message?: string): void;
  error(fieldsOrMessage: object | string, message?: string): void;
}

/** Options of `ctx.step`. */
export interface StepOptions {
  /** The cursor to start from when the step has none stored yet. */
  cursor?: unknown;
}

/** What a worker gets besides the job. */
export interface WorkerContext<TClient = unknown> {
  /**
   * Aborted when the job times out, when someone cancels it (`client.cancelJob(id)` from any
   * process), or on a hard stop. Pass it to fetch, database calls, child processes…
   */
  signal: AbortSignal;
  /** The client running the job, e.g. to insert follow-up jobs. */
  client: TClient;
  /**
   * Stages the job's output (River's `metadata.output`, the raw JSON value, at most 32 MiB):
   * written when the attempt ends, whatever its outcome; a second call overwrites. River UI shows it.
   */
  recordOutput(value: unknown): void;
  /** Stages top-level metadata keys, merged (`metadata || patch`) when the attempt ends; `river:` keys are reserved. */
  setMetadata(patch: Record<string, unknown>): void;
  /**
   * Logs to the client's logger with `jobId`, `kind` and `attempt`, and keeps the attempt's
   * lines in River's `metadata."river:log"` (one `{ attempt, log }` entry per attempt), which
   * River UI shows per attempt.
   */
  logger: AttemptLogger;
  /**
   * A resumable step (River's): a step that finished in an earlier attempt is skipped and
   * returns what it returned then; the last finished step and its cursor are kept in
   * River's `river:resumable_step` / `river:resumable_cursor` when an attempt fails. `fn`
   * gets the step's stored cursor (or `options.cursor`); `ctx.setCursor` updates it.
   */
  step<T>(name: string, fn: (cursor: unknown) => Promise<T>, options?: StepOptions): Promise<T>;
  /** Sets the cursor of the step running now, so a retry resumes that step from it. */
  setCursor(value: unknown): void;
}
