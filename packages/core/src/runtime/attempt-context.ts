/** The WorkerContext of one attempt: stages output, metadata, log lines and step progress for its outcome. */
import { InvalidArgumentError } from "../base/errors.js";
import type { Logger } from "../base/logger.js";
import type { JobRow } from "../job/job-row.js";
import type { AttemptLogger, StepOptions, WorkerContext } from "../job/worker-context.js";
import { stringifyExactJson } from "../json/exact-json-stringify.js";
import { AttemptLog, type JobLogSettings } from "./attempt-log.js";
import { hasStoredStep, ResumableSteps } from "./resumable-steps.js";

/** River's limit on a job's recorded output. */
export const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * One attempt's context. What the worker stages here reaches the database only with the
 * attempt's outcome, in the same guarded statement: a stale attempt's output, metadata and
 * log lines are dropped with it and never land on another attempt's run.
 */
export class AttemptContext implements WorkerContext {
  readonly client: unknown;
  readonly #job: JobRow;
  readonly #abort: { readonly signal: AbortSignal };
  #outputJson: string | undefined;
  // The patch, the steps, the logger: each made on first use. Most handlers use none of
  // them, and an attempt that allocates nothing it does not need keeps a fast queue's young
  // generation small (see RunningJob for the signal).
  #patch: Record<string, unknown> | undefined;
  readonly #baseLogger: Logger;
  readonly #jobLogs: JobLogSettings;
  #logger: AttemptLogger | undefined;
  #log: AttemptLog | null = null;
  #steps: ResumableSteps | undefined;

  /** `abort`: what holds the attempt's signal (read only when the worker asks for `ctx.signal`). */
  constructor(o: { job: JobRow; abort: { readonly signal: AbortSignal }; client: unknown; logger: Logger; jobLogs: JobLogSettings }) {
    this.#job = o.job;
    this.#abort = o.abort;
    this.client = o.client;
    this.#baseLogger = o.logger;
    this.#jobLogs = o.jobLogs;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  #stepsOf(): ResumableSteps {
    this.#steps ??= new ResumableSteps(this.#job.metadata);
    return this.#steps;
  }

  /** Made on first use: most handlers never log, and a fetch of hundreds of jobs pays per attempt. */
  get logger(): AttemptLogger {
    if (this.#logger === undefined) {
      const job = this.#job;
      this.#log = this.#jobLogs.enabled ? new AttemptLog(job.attempt, this.#jobLogs) : null;
      this.#logger = boundLogger(this.#baseLogger, { jobId: job.id, kind: job.kind, attempt: job.attempt }, this.#log);
    }
    return this.#logger;
  }

  recordOutput(value: unknown): void {
    const json = stringifyExactJson(value);
    if (json === undefined) throw new InvalidArgumentError("output", "must be a JSON value");
    const bytes = Buffer.byteLength(json, "utf8");
    if (bytes > MAX_OUTPUT_BYTES) throw new InvalidArgumentError("output", `is ${bytes} bytes of JSON; River's limit is ${MAX_OUTPUT_BYTES}`);
    this.#outputJson = json;
  }

  setMetadata(patch: Record<string, unknown>): void {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw new InvalidArgumentError("metadata", "must be an object of top-level keys");
    for (const key of Object.keys(patch)) {
      if (key.startsWith("river:")) throw new InvalidArgumentError(`metadata.${key}`, "keys starting with river: are reserved for River");
      if (key === "output") throw new InvalidArgumentError("metadata.output", "is the job's output: use ctx.recordOutput(value)");
    }
    this.#patch ??= {};
    Object.assign(this.#patch, patch);
  }

  step<T>(name: string, fn: (cursor: unknown) => Promise<T>, options?: StepOptions): Promise<T> {
    return this.#stepsOf().run(name, fn, options);
  }

  setCursor(value: unknown): void {
    this.#stepsOf().setCursor(value);
  }

  /** River's error when the stored step was never reached by this attempt's code, else undefined. */
  unreachedStepError(): Error | undefined {
    if (this.#steps === undefined && !hasStoredStep(this.#job.metadata)) return undefined;
    return this.#stepsOf().unreachedError();
  }

  /**
   * The metadata to merge into the row with the outcome, as JSON text, or null for none:
   * the worker's patch, the output, this attempt's log entry and, when the attempt failed,
   * the step progress.
   */
  stagedMetadata(failed: boolean): string | null {
    // Only a failed attempt stages step progress (which a stored step or cursor may make non-empty).
    const steps = failed ? this.#stepsOf() : undefined;
    if (this.#patch === undefined && steps === undefined && this.#log === null && this.#outputJson === undefined) return null;
    const staged: Record<string, unknown> = { ...this.#patch, ...steps?.staged(failed) };
    const log = this.#log?.mergedInto(this.#job.metadata["river:log"]);
    if (log) staged["river:log"] = log;
    const keys = Object.keys(staged);
    if (keys.length === 0 && this.#outputJson === undefined) return null;
    const rest = keys.length === 0 ? "{}" : (stringifyExactJson(staged) as string);
    if (this.#outputJson === undefined) return rest;
    // The output travels as the text the worker recorded, spliced in without another stringify.
    return rest === "{}" ? `{"output":${this.#outputJson}}` : `{"output":${this.#outputJson},${rest.slice(1)}`;
  }
}

function boundLogger(logger: Logger, bound: object, log: AttemptLog | null): AttemptLogger {
  const at = (level: "debug" | "info" | "warn" | "error") => (fieldsOrMessage: object | string, message?: string) => {
    const fields = typeof fieldsOrMessage === "string" ? {} : fieldsOrMessage;
    const text = typeof fieldsOrMessage === "string" ? fieldsOrMessage : (message ?? "");
    logger[level]({ ...bound, ...fields }, text);
    log?.add(level, text, fields);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
