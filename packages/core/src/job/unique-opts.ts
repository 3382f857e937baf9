/** The unique-job options of an insert. */
import type { JobState } from "./job-row.js";

/**
 * Makes a job unique: an insert that matches an existing job (in one of `byState`'s states)
 * returns that job instead of inserting. Mirrors River's UniqueOpts.
 */
export interface UniqueOpts {
  /**
   * Include the args: `true` for all of them (top-level names sorted by their UTF-8 bytes), or
   * the dotted paths of the fields that count, e.g. `["account.id", "label"]` (River's
   * `river:"unique"` fields). `.` steps into a nested object, `\.` is a literal dot inside
   * a name (`"a\\.b"` in JS source), `/` is an ordinary character. Missing fields are left out, an explicit `null`
   * counts; when none of the fields is present the args part of the key is empty.
   */
  byArgs?: boolean | readonly string[];
  /** Bucket by time: one job per period of this many milliseconds (≥ 1000, whole seconds). */
  byPeriod?: number;
  /** Include the queue name. */
  byQueue?: boolean;
  /**
   * States in which an existing job blocks a new one. Default: every state but cancelled
   * and discarded. A custom list must include available, pending, running and scheduled.
   */
  byState?: readonly JobState[];
  /** Leave the kind out of the key, so jobs of different kinds can collide. */
  excludeKind?: boolean;
  /**
   * What a duplicate does: `"skip"` (default, River's behaviour) returns the existing job with
   * `skipped: true`; `"error"` throws a `DuplicateJobError` carrying the existing job's id.
   */
  onDuplicate?: "skip" | "error";
}
