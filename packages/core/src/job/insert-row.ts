/** A validated job ready for the insert statements: defaults, limits, unique key. */
import { InvalidArgumentError } from "../base/errors.js";
import type { InsertOpts } from "./insert-opts.js";
import { JSONB_MAX_BYTES, serializeJsonObject } from "./json-payload.js";
import { checkQueueName, checkTag } from "./river-names.js";
import { uniqueKey, validateUniqueOpts } from "./unique-key.js";

/** River's column defaults: what an insert without these options gets. */
const DEFAULT_QUEUE = "default";
const DEFAULT_PRIORITY = 1;
const DEFAULT_MAX_ATTEMPTS = 25;

/**
 * A validated job ready for the insert statements. Field names are the columns the
 * statements read (a small batch travels as one JSON array of these; see InsertStatements).
 */
export interface InsertRow {
  kind: string;
  args: string;
  queue: string;
  priority: number;
  max_attempts: number;
  scheduled_at: string | null;
  tags: string[];
  metadata: string;
  unique_key: string | null;
  unique_states: string | null;
  /** Inserted `pending`: it waits for `client.releaseJobs` (or River's equivalent) before it can run. */
  pending: boolean;
}

/** The client's limits an insert is checked against (from its resolved settings). */
export interface InsertLimits {
  /** Most UTF-8 bytes of the JSON text of a job's args. */
  readonly maxArgsBytes: number;
}

/**
 * Validates one job and turns it into an {@link InsertRow}. Throws InvalidArgumentError
 * naming the field before anything is sent to the database. The kind is only held to the
 * column's 1–127 characters: like River, kinds are checked against River's rule where
 * workers are registered, not at insert.
 */
export function toInsertRow(kind: unknown, args: unknown, opts: InsertOpts, limits: InsertLimits, now = new Date()): InsertRow {
  if (typeof opts !== "object" || opts === null) throw new InvalidArgumentError("opts", "must be an object");
  const jobKind = checkKindColumn(kind, "kind");
  const argsJson = serializeJsonObject(args, "args", limits.maxArgsBytes);
  const queue = checkQueueName(opts.queue ?? DEFAULT_QUEUE, "opts.queue");
  const priority = opts.priority ?? DEFAULT_PRIORITY;
  if (!Number.isInteger(priority) || priority < 1 || priority > 4) {
    throw new InvalidArgumentError("opts.priority", `must be an integer from 1 to 4, got ${String(priority)}`);
  }
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 32_767) {
    throw new InvalidArgumentError("opts.maxAttempts", `must be an integer from 1 to 32767, got ${String(maxAttempts)}`);
  }
  const scheduledAt = opts.scheduledAt;
  if (scheduledAt !== undefined && (!(scheduledAt instanceof Date) || Number.isNaN(scheduledAt.getTime()))) {
    throw new InvalidArgumentError("opts.scheduledAt", "must be a valid Date");
  }
  if (opts.pending !== undefined && typeof opts.pending !== "boolean") {
    throw new InvalidArgumentError("opts.pending", `must be a boolean, got ${String(opts.pending)}`);
  }
  const tags = opts.tags ?? [];
  if (!Array.isArray(tags)) throw new InvalidArgumentError("opts.tags", "must be an array of strings");
  tags.forEach((tag, i) => {
    checkTag(tag, `opts.tags[${i}]`);
  });
  // Metadata is not the user's payload alone (River and workers add keys): it keeps jsonb's own limit.
  const metadata = serializeJsonObject(opts.metadata ?? {}, "opts.metadata", JSONB_MAX_BYTES);
  let unique: { keyHex: string; states: string } | null = null;
  if (opts.unique !== undefined) {
    validateUniqueOpts(opts.unique);
    unique = uniqueKey(opts.unique, { kind: jobKind, args: args as Record<string, unknown>, queue, scheduledAt }, now);
  }
  return {
    kind: jobKind,
    args: argsJson,
    queue,
    priority,
    max_attempts: maxAttempts,
    scheduled_at: scheduledAt ? scheduledAt.toISOString() : null,
    tags: [...tags],
    metadata,
    unique_key: unique?.keyHex ?? null,
    unique_states: unique?.states ?? null,
    pending: opts.pending === true,
  };
}

/** River's `kind` column: 1–127 characters. */
function checkKindColumn(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new InvalidArgumentError(field, `must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`);
  }
  if ([...value].length > 127) throw new InvalidArgumentError(field, `must be at most 127 characters, got ${[...value].length}`);
  return value;
}
