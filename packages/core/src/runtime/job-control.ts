/** What a worker returns or throws to steer its job: snooze, cancel, discard — recognised across module copies. */
const JOB_CONTROL: unique symbol = Symbol.for("tributary.job_control") as never;

/**
 * What a worker returns or throws to steer its job other than by succeeding or failing:
 * `return snooze(60_000)`, `throw cancel("account closed")`, `throw discard("bad input")`.
 */
export class JobControl extends Error {
  override readonly name = "JobControl";
  /** Recognised by this registered symbol, not `instanceof`: a CommonJS and an ESM copy of core agree. */
  readonly [JOB_CONTROL] = true;
  readonly action: "snooze" | "cancel" | "discard";
  /** Snooze delay in milliseconds. */
  readonly delayMs: number;

  constructor(action: "snooze" | "cancel" | "discard", reason: string, delayMs = 0) {
    super(reason);
    this.action = action;
    this.delayMs = delayMs;
  }
}

/**
 * Runs the job again after `delayMs` without counting an attempt (River's snooze):
 * `metadata.snoozes` goes up by one.
 */
export function snooze(delayMs: number): JobControl {
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`snooze: delay must be ≥ 0 ms, got ${delayMs}`);
  return new JobControl("snooze", `snoozed for ${delayMs} ms`, delayMs);
}

/** Ends the job as `cancelled` at once, recording `reason` as the attempt's error. */
export function cancel(reason: string): JobControl {
  return new JobControl("cancel", reason);
}

/** Ends the job as `discarded` at once (no more attempts), recording `reason`. */
export function discard(reason: string): JobControl {
  return new JobControl("discard", reason);
}

/** True when `value` is a JobControl from any copy of core (`snooze`, `cancel`, `discard`). */
export function isJobControl(value: unknown): value is JobControl {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[JOB_CONTROL] === true;
}
