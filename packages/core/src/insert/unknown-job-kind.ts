/** UNKNOWN_JOB_KIND at insert: refusing a kind no worker of the inserting client handles. */
import { TributaryError } from "../base/errors.js";
import type { InsertRules } from "./insert-rules.js";

/** Thrown by an insert of a kind the client has no worker for (see `skipUnknownJobCheck`). */
export class UnknownJobKindError extends TributaryError {
  override readonly name = "UnknownJobKindError";
  /** Where the kind was given, e.g. `"kind"` or `"jobs[2].kind"`. */
  readonly field: string;
  readonly kind: string;

  constructor(field: string, kind: string) {
    super(
      "UNKNOWN_JOB_KIND",
      `${field}: no worker of this client handles kind ${JSON.stringify(kind)}, so the job would only retry until discarded; register a worker for it in config.workers, or set skipUnknownJobCheck: true when another service works this kind`,
    );
    this.field = field;
    this.kind = kind;
  }
}

/** Throws UNKNOWN_JOB_KIND when the rules know their kinds and `kind` is not one of them. */
export function checkKnownKind(kind: string, rules: InsertRules, field: string): void {
  if (rules.knownKinds !== null && !rules.knownKinds.has(kind)) throw new UnknownJobKindError(field, kind);
}
