/** River's unique key: the unique string, its sha256, and the unique_states bitmask. */
import { createHash } from "node:crypto";
import { InvalidArgumentError } from "../base/errors.js";
import { JOB_STATES, type JobState } from "./job-row.js";
import { uniqueArgsJson, uniquePathNames } from "./unique-args.js";
import type { UniqueOpts } from "./unique-opts.js";

/** Bit read by `river_job_state_in_bitmask` for each state (PostgreSQL numbers bits from the left). */
const STATE_BIT: Readonly<Record<JobState, number>> = {
  available: 7,
  cancelled: 6,
  completed: 5,
  discarded: 4,
  pending: 3,
  retryable: 2,
  running: 1,
  scheduled: 0,
};

const DEFAULT_UNIQUE_STATES: readonly JobState[] = ["available", "completed", "pending", "retryable", "running", "scheduled"];
const REQUIRED_UNIQUE_STATES: readonly JobState[] = ["available", "pending", "running", "scheduled"];

/** Seconds between Go's zero time (year 1) and the Unix epoch: River truncates periods from year 1. */
const GO_ZERO_TIME_OFFSET_S = 62_135_596_800;

/** A job's unique key and state mask, as stored in `unique_key` / `unique_states`. */
export interface UniqueKey {
  /** The pre-hash unique string, e.g. `&kind=email&args={"to":"a@b.c"}`. */
  uniqueString: string;
  /** sha256 of the unique string, hex. */
  keyHex: string;
  /** The bit(8) mask as 0/1 text, e.g. `11110101`. */
  states: string;
}

export function validateUniqueOpts(unique: UniqueOpts, field = "opts.unique"): void {
  if (typeof unique !== "object" || unique === null) throw new InvalidArgumentError(field, "must be an object");
  const { byArgs, byPeriod, byState, onDuplicate } = unique;
  if (byArgs !== undefined && typeof byArgs !== "boolean") {
    if (!Array.isArray(byArgs) || byArgs.some((k) => typeof k !== "string")) {
      throw new InvalidArgumentError(`${field}.byArgs`, 'must be true, false or a list of dotted arg paths such as "account.id"');
    }
    // River has no empty selection (a job without unique fields uses all args), so say which was meant.
    if (byArgs.length === 0) throw new InvalidArgumentError(`${field}.byArgs`, "an empty list selects nothing: use true for all args, or name at least one path");
    for (const [i, path] of byArgs.entries()) uniquePathNames(path, `${field}.byArgs[${i}]`);
  }
  if (byPeriod !== undefined) {
    if (typeof byPeriod !== "number" || !Number.isFinite(byPeriod) || byPeriod < 1000) {
      throw new InvalidArgumentError(`${field}.byPeriod`, `must be at least 1000 ms (one second), got ${String(byPeriod)}`);
    }
  }
  if (byState !== undefined) {
    if (!Array.isArray(byState) || byState.some((s) => !JOB_STATES.includes(s))) {
      throw new InvalidArgumentError(`${field}.byState`, `must be a list of job states (${JOB_STATES.join(", ")})`);
    }
    const missing = REQUIRED_UNIQUE_STATES.filter((s) => !byState.includes(s));
    if (missing.length > 0) {
      throw new InvalidArgumentError(
        `${field}.byState`,
        `must include ${REQUIRED_UNIQUE_STATES.join(", ")}; missing ${missing.join(", ")}`,
      );
    }
  }
  if (onDuplicate !== undefined && onDuplicate !== "skip" && onDuplicate !== "error") {
    throw new InvalidArgumentError(`${field}.onDuplicate`, 'must be "skip" or "error"');
  }
}

/** The River unique string for a job (before hashing). */
export function uniqueString(
  unique: UniqueOpts,
  job: { kind: string; args: Record<string, unknown>; queue: string; scheduledAt?: Date | undefined },
  now: Date,
): string {
  let s = "";
  if (!unique.excludeKind) s += `&kind=${job.kind}`;
  if (unique.byArgs) s += `&args=${uniqueArgsJson(job.args, unique.byArgs)}`;
  if (unique.byPeriod) s += `&period=${truncatedPeriod(job.scheduledAt ?? now, unique.byPeriod)}`;
  if (unique.byQueue) s += `&queue=${job.queue}`;
  return s;
}

/** `at` truncated to a multiple of `periodMs` counted from Go's zero time, as RFC 3339 UTC seconds. */
function truncatedPeriod(at: Date, periodMs: number): string {
  const periodS = Math.floor(periodMs / 1000);
  const sinceZero = Math.floor(at.getTime() / 1000) + GO_ZERO_TIME_OFFSET_S;
  const truncated = sinceZero - (sinceZero % periodS) - GO_ZERO_TIME_OFFSET_S;
  return `${new Date(truncated * 1000).toISOString().slice(0, 19)}Z`;
}

/** The bit(8) mask for a set of states, as 0/1 text. */
export function uniqueStatesMask(states: readonly JobState[] = DEFAULT_UNIQUE_STATES): string {
  const bits = ["0", "0", "0", "0", "0", "0", "0", "0"];
  for (const state of states) bits[STATE_BIT[state]] = "1";
  return bits.join("");
}

export function uniqueKey(
  unique: UniqueOpts,
  job: { kind: string; args: Record<string, unknown>; queue: string; scheduledAt?: Date | undefined },
  now: Date,
): UniqueKey {
  const str = uniqueString(unique, job, now);
  return {
    uniqueString: str,
    keyHex: createHash("sha256").update(str, "utf8").digest("hex"),
    states: uniqueStatesMask(unique.byState),
  };
}
