/** River's job list cursor: base64 of its JSON, so pages started by River (Go, River UI) continue here and the other way round. */
import { InvalidArgumentError } from "../base/errors.js";
import { goJsonStringify } from "../job/go-json.js";
import { parseExactJson } from "../json/exact-json-parse.js";
import type { JobSortField } from "../sql/job-list-sql.js";

/** What a cursor holds: the last job of a page and the value it was sorted by. */
export interface JobCursor {
  id: string;
  kind: string;
  queue: string;
  sortField: JobSortField;
  /** RFC 3339 time of the sort value, or null for River's zero time (order by id alone). */
  time: string | null;
}

/** Go's zero time.Time as encoding/json writes it: River's cursor for an id ordering. */
export const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

const SORT_FIELDS: readonly JobSortField[] = ["id", "time", "finalized_at", "scheduled_at"];
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Encodes a cursor as River does (Go's encoding/json of `{id, kind, queue, sort_field, time}`,
 * base64), but with the standard alphabet: River's Go decoder reads only that one, while it
 * encodes with the URL-safe one, which {@link decodeJobCursor} accepts as well.
 */
export function encodeJobCursor(cursor: JobCursor): string {
  const json = `{"id":${cursor.id},"kind":${goJsonStringify(cursor.kind)},"queue":${goJsonStringify(cursor.queue)},"sort_field":${goJsonStringify(cursor.sortField)},"time":${goJsonStringify(cursor.time ?? GO_ZERO_TIME)}}`;
  return Buffer.from(json, "utf8").toString("base64");
}

/** Decodes a cursor made by {@link encodeJobCursor} or by River, in either base64 alphabet. */
export function decodeJobCursor(text: string, field: string): JobCursor {
  const bad = (why: string) => new InvalidArgumentError(field, `is not a job list cursor (${why})`);
  if (typeof text !== "string" || !/^[A-Za-z0-9+/\-_]+={0,2}$/.test(text) || (text.includes("=") && text.length % 4 !== 0)) {
    throw bad("not base64");
  }
  let value: unknown;
  try {
    value = parseExactJson(Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8"));
  } catch {
    throw bad("not JSON");
  }
  if (typeof value !== "object" || value === null) throw bad("not a JSON object");
  const { id, kind, queue, sort_field: sortField, time } = value as Record<string, unknown>;
  const idText = typeof id === "number" || typeof id === "bigint" ? String(id) : "";
  if (!/^[1-9][0-9]{0,18}$/.test(idText)) throw bad("id must be a positive integer");
  if (typeof kind !== "string" || typeof queue !== "string") throw bad("kind and queue must be strings");
  if (!SORT_FIELDS.includes(sortField as JobSortField)) throw bad(`sort_field must be one of ${SORT_FIELDS.join(", ")}`);
  if (typeof time !== "string" || !RFC3339.test(time) || Number.isNaN(Date.parse(time.replace(/(\.\d{3})\d+/, "$1")))) {
    throw bad("time must be an RFC 3339 time");
  }
  return { id: idText, kind, queue, sortField: sortField as JobSortField, time: isGoZeroTime(time) ? null : time };
}

/** The cursor time River writes for a sort value read from PostgreSQL in UTC to microseconds: RFC 3339 nano (trailing zeros dropped). */
export function rfc3339Nano(utcMicros: string | null): string | null {
  if (utcMicros === null) return null;
  return `${utcMicros.replace(/\.?0+$/, "")}Z`;
}

/** Go's `IsZero`: the instant 0001-01-01T00:00:00Z, whatever offset it is written in. */
function isGoZeroTime(time: string): boolean {
  return Date.parse(time.replace(/(\.\d{3})\d+/, "$1")) === Date.parse(GO_ZERO_TIME) && !/\.\d*[1-9]/.test(time);
}
