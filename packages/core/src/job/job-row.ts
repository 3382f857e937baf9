/** A job as read from the database: JobRow, its states, and the one parser of job JSON. */
import { parseExactJson } from "../json/exact-json-parse.js";

/** River's job states. */
export type JobState =
  | "available"
  | "cancelled"
  | "completed"
  | "discarded"
  | "pending"
  | "retryable"
  | "running"
  | "scheduled";

export const JOB_STATES: readonly JobState[] = [
  "available",
  "cancelled",
  "completed",
  "discarded",
  "pending",
  "retryable",
  "running",
  "scheduled",
];

/** One failed attempt, as River records it in `river_job.errors`. */
export interface AttemptError {
  at: Date;
  attempt: number;
  error: string;
  trace: string;
}

/**
 * A row of `river_job`, identical whichever driver read it.
 *
 * Numbers in `args` and `metadata` are exact: an integer outside ±(2^53−1) (a Go `int64` such
 * as `9223372036854775807`, or any longer one) is a `bigint`, every other number a `number`.
 * A `bigint` written into args or metadata is stored as those exact digits. PostgreSQL's
 * `jsonb` keeps every number as a decimal: it writes them without exponents (`1e21` reads
 * back as `1000000000000000000000n`) and has no negative zero (`-0` is stored as `0`; it
 * still counts as `-0` in a unique key, as in River's).
 */
export interface JobRow<TArgs = Record<string, unknown>> {
  /** bigint id as a decimal string (JavaScript numbers lose precision past 2^53). */
  id: string;
  state: JobState;
  attempt: number;
  maxAttempts: number;
  attemptedAt: Date | null;
  attemptedBy: string[];
  createdAt: Date;
  finalizedAt: Date | null;
  scheduledAt: Date;
  priority: number;
  /** The job's args; integers beyond ±(2^53−1) are `bigint` (see above), so type `TArgs` accordingly. */
  args: TArgs;
  errors: AttemptError[];
  kind: string;
  /** Free-form JSON; integers beyond ±(2^53−1) are `bigint`. */
  metadata: Record<string, unknown>;
  queue: string;
  tags: string[];
  /** sha256 of the unique string, hex encoded, or null for a non-unique job. */
  uniqueKey: string | null;
  /** The `bit(8)` unique state mask as a string of 0/1, or null. */
  uniqueStates: string | null;
  /** The job's recorded output (River's `metadata.output`), parsed; present only when recorded. */
  output?: unknown;
}

/** `job` with `output` set from its metadata when River's `output` key is there. */
export function withOutput<T extends JobRow<unknown>>(job: T): T {
  if (Object.hasOwn(job.metadata, "output")) job.output = job.metadata.output;
  else delete job.output;
  return job;
}


/**
 * The columns of a job row in the order the JSON array of {@link jobJsonColumn} holds them:
 * an array, not an object, because PostgreSQL builds it about a fifth cheaper per row (no
 * keys to write), which a fetch of hundreds of jobs pays on every row.
 */
export const JOB_JSON_FIELDS = [
  "id",
  "state",
  "attempt",
  "max_attempts",
  "attempted_at",
  "attempted_by",
  "created_at",
  "finalized_at",
  "scheduled_at",
  "priority",
  "args",
  "errors",
  "kind",
  "metadata",
  "queue",
  "tags",
  "unique_key",
  "unique_states",
] as const;

/** One row as the JSON array of {@link JOB_JSON_FIELDS}, in that order. */
type RawJob = [
  id: string,
  state: JobState,
  attempt: number,
  max_attempts: number,
  attempted_at: string | null,
  attempted_by: string[] | null,
  created_at: string,
  finalized_at: string | null,
  scheduled_at: string,
  priority: number,
  args: Record<string, unknown>,
  errors: { at: string; attempt: number; error: string; trace: string }[] | null,
  kind: string,
  /** Free-form JSON; integers beyond ±(2^53−1) are `bigint`. */
  metadata: Record<string, unknown>,
  queue: string,
  tags: string[] | null,
  unique_key: string | null,
  unique_states: string | null,
];

const toDate = (s: string | null): Date | null => (s === null ? null : new Date(s));

/**
 * Parses the JSON text produced by {@link jobJsonColumn}: the one place a row becomes a
 * JobRow. Numbers are read exactly (see {@link JobRow}); `JSON.parse` would round
 * `9223372036854775807` to `9223372036854775808`.
 */
export function parseJobJson<TArgs = Record<string, unknown>>(json: string): JobRow<TArgs> {
  return readJobJson<TArgs>(json).job;
}

/**
 * {@link parseJobJson}, also giving `attempted_at` as the exact text PostgreSQL wrote
 * (microseconds a Date would drop): the token a fetched attempt's outcome is written with.
 */
export function readJobJson<TArgs = Record<string, unknown>>(json: string): { job: JobRow<TArgs>; attemptedAtText: string | null } {
  const [
    id,
    state,
    attempt,
    maxAttempts,
    attemptedAt,
    attemptedBy,
    createdAt,
    finalizedAt,
    scheduledAt,
    priority,
    args,
    errors,
    kind,
    metadata,
    queue,
    tags,
    uniqueKey,
    uniqueStates,
  ] = parseExactJson(json) as RawJob;
  const job = withOutput({
    id,
    state,
    attempt,
    maxAttempts,
    attemptedAt: toDate(attemptedAt),
    attemptedBy: attemptedBy ?? [],
    createdAt: new Date(createdAt),
    finalizedAt: toDate(finalizedAt),
    scheduledAt: new Date(scheduledAt),
    priority,
    args: args as TArgs,
    errors: (errors ?? []).map((e) => ({
      at: new Date(e.at),
      attempt: e.attempt,
      error: e.error,
      trace: e.trace,
    })),
    kind,
    metadata,
    queue,
    tags: tags ?? [],
    uniqueKey,
    uniqueStates,
  });
  return { job, attemptedAtText: attemptedAt };
}
