/** The view of a prepared job that insert middleware and hooks see, and how its metadata goes back into the row. */
import type { InsertRowView } from "../extension/middleware.js";
import type { InsertRow } from "../job/insert-row.js";
import { JSONB_MAX_BYTES, serializeJsonObject } from "../job/json-payload.js";
import { parseExactJson } from "../json/exact-json-parse.js";

/** A view of `row` (args parsed on first read); only `metadata` can be changed. */
export function insertRowView(row: InsertRow, now: number): InsertRowView {
  let args: Readonly<Record<string, unknown>> | undefined;
  const scheduledAt = row.scheduled_at === null ? null : new Date(row.scheduled_at);
  const view: InsertRowView = {
    kind: row.kind,
    get args() {
      args ??= Object.freeze(parseExactJson(row.args) as Record<string, unknown>);
      return args;
    },
    queue: row.queue,
    priority: row.priority,
    maxAttempts: row.max_attempts,
    scheduledAt,
    tags: Object.freeze([...row.tags]),
    metadata: parseExactJson(row.metadata) as Record<string, unknown>,
    uniqueKey: row.unique_key,
    state: row.pending ? "pending" : scheduledAt !== null && scheduledAt.getTime() > now ? "scheduled" : "available",
  };
  // Every other field is fixed: the unique key was computed from them.
  for (const key of Object.keys(view)) {
    if (key !== "metadata") Object.defineProperty(view, key, { writable: false, configurable: false });
  }
  return Object.seal(view);
}

/** `row` with the metadata its view now holds, validated as at insert (`jobs[i].opts.metadata` style field). */
export function withViewMetadata(row: InsertRow, view: InsertRowView, field: string): InsertRow {
  return { ...row, metadata: serializeJsonObject(view.metadata, field, JSONB_MAX_BYTES) };
}
