/** Stable codes of every error Tributary throws on purpose. */
export type TributaryErrorCode =
  | "INVALID_ARGUMENT"
  | "INVALID_SCHEMA_NAME"
  | "INVALID_TRANSACTION"
  | "UNKNOWN_JOB_KIND"
  | "DUPLICATE_JOB"
  | "JOB_NOT_FOUND"
  | "JOB_RUNNING"
  | "INVALID_CRON"
  | "MIGRATION_MISSING"
  | "MIGRATION_TOO_NEW"
  | "MIGRATION_DOWN_REFUSED"
  | "CLIENT_NOT_STARTED"
  | "CLIENT_CLOSED"
  | "INSERT_ONLY_CLIENT"
  | "DATABASE_ERROR";

/** Every error Tributary raises on purpose; `code` is stable across versions. */
export class TributaryError extends Error {
  override readonly name: string = "TributaryError";
  readonly code: TributaryErrorCode;

  constructor(code: TributaryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Bad input to a public call. `field` names the offending option, e.g. `"opts.priority"`. */
export class InvalidArgumentError extends TributaryError {
  override readonly name = "InvalidArgumentError";
  readonly field: string;

  constructor(field: string, message: string) {
    super("INVALID_ARGUMENT", `${field}: ${message}`);
    this.field = field;
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

/** True when `err` is a TributaryError, optionally with the given code. */
export function isTributaryError(err: unknown, code?: TributaryErrorCode): err is TributaryError {
  return err instanceof TributaryError && (code === undefined || err.code === code);
}
