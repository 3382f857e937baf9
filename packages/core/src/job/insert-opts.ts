/** The options of one insert, as the user writes them. */
import type { UniqueOpts } from "./unique-opts.js";

/** Options of one insert. Every field is optional. */
export interface InsertOpts {
  /**
   * Queue name by River's rule: 1–64 characters of `a-z` and `0-9`, with single `_`, `-` or
   * `|` between them (`"mail"`, `"mail_eu"`). Default `"default"`.
   */
  queue?: string;
  /** 1 (most urgent) to 4. Default 1. */
  priority?: number;
  /** Attempts before the job is discarded (≥ 1). Default 25. */
  maxAttempts?: number;
  /** Run no earlier than this. A future time inserts the job as `scheduled`. */
  scheduledAt?: Date;
  /** Tags, each matching `^[\w][\w\-]+[\w]$` (at least 3 characters) and at most 255 characters. */
  tags?: readonly string[];
  /** Free-form JSON object stored with the job (at most PostgreSQL's jsonb limit, 268,435,455 bytes of JSON). */
  metadata?: Record<string, unknown>;
  /**
   * Insert the job `pending`: no worker fetches it until `client.releaseJobs([id])` makes it
   * available (or scheduled, when `scheduledAt` is later). Default false.
   */
  pending?: boolean;
  /** Makes the job unique; see {@link UniqueOpts}. */
  unique?: UniqueOpts;
}

/** One job of an `insertMany` call. */
export interface InsertManyParams<TArgs extends object = Record<string, unknown>> {
  kind: string;
  args: TArgs;
  opts?: InsertOpts;
}
