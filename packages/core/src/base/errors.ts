/** Tributary's typed errors: one class per kind of failure, recognised by a brand across module copies. */

/** Stable codes of every error Tributary throws on purpose. */
export type TributaryErrorCode =
  | "INVALID_ARGUMENT"
  | "INVALID_SCHEMA_NAME"
  | "INVALID_TRANSACTION"
  | "UNKNOWN_JOB_KIND"
  | "DUPLICATE_JOB"
  | "JOB_NOT_FOUND"
  | "JOB_RUNNING"
  | "JOB_ATTEMPT_STALE"
  | "INVALID_CRON"
  | "MIGRATION_MISSING"
  | "MIGRATION_TOO_NEW"
  | "MIGRATION_DOWN_REFUSED"
  | "INSERT_ONLY_CLIENT"
  /** A pooler in transaction mode lost the driver's prepared statements: set the driver's `prepare: false`. */
  | "PREPARED_STATEMENTS_UNSUPPORTED";

/**
 * The brand every TributaryError carries. A registered symbol, so two copies of core in one
 * process (a CommonJS and an ESM build, or two installs) recognise each other's errors where
 * `instanceof` would not.
 */
const BRAND: unique symbol = Symbol.for("tributary.error") as never;

/** Every error Tributary raises on purpose; `code` is stable across versions. */
export class TributaryError extends Error {
  override readonly name: string = "TributaryError";
  readonly code: TributaryErrorCode;
  readonly [BRAND] = true;

  constructor(code: TributaryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Bad input to a public call. `field` names the offending option, e.g. `"opts.priority"`. */
export class InvalidArgumentError extends TributaryError {
  override readonly name = "InvalidArgumentError";
  readonly field: string;
  /** The rule that was broken, without the field name. */
  readonly problem: string;

  constructor(field: string, problem: string) {
    super("INVALID_ARGUMENT", `${field}: ${problem}`);
    this.field = field;
    this.problem = problem;
  }
}

/** Raised by inserts with `unique.onDuplicate: "error"` when a matching job already exists. */
export class DuplicateJobError extends TributaryError {
  override readonly name = "DuplicateJobError";
  /** Id of the job that already holds the unique key. */
  readonly existingJobId: string;

  constructor(kind: string, existingJobId: string) {
    super("DUPLICATE_JOB", `a unique "${kind}" job already exists (id ${existingJobId})`);
    this.existingJobId = existingJobId;
  }
}

/** True when `err` is a TributaryError (from any copy of core), optionally with the given code. */
export function isTributaryError(err: unknown, code?: TributaryErrorCode): err is TributaryError {
  return (
    typeof err === "object" &&
    err !== null &&
    (err as Record<symbol, unknown>)[BRAND] === true &&
    (code === undefined || (err as TributaryError).code === code)
  );
}

/**
 * Runs `fn` and, if it throws an InvalidArgumentError, rethrows it with `prefix` before the
 * field name (`jobs[3].` + `opts.priority`), so a nested validator need not know where its
 * input came from.
 */
export function withFieldPrefix<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (prefix && isTributaryError(err, "INVALID_ARGUMENT") && err instanceof InvalidArgumentError) {
      throw new InvalidArgumentError(prefix + err.field, err.problem);
    }
    throw err;
  }
}
