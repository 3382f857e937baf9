/** The jobs page's filters as a query string (what links, forms and bulk actions carry) and as core's `JobFilters`. */
import { InvalidArgumentError, JOB_STATES, type JobFilters, type JobState } from "@tributary/core";

/** The filters a user can set on the jobs page, as text (the form's values). */
export interface FilterForm {
  state: string;
  queue: string;
  kind: string;
  /** Space- or comma-separated tags; jobs must carry all of them. */
  tags: string;
  /** A JSON object the job's args must contain. */
  args: string;
  /** A JSON object the job's metadata must contain. */
  metadata: string;
  /** Which timestamp the range applies to. */
  timeField: "created" | "scheduled" | "finalized";
  /** `YYYY-MM-DDTHH:MM` in UTC (a datetime-local input), inclusive. */
  since: string;
  /** Exclusive. */
  before: string;
}

const FORM_KEYS = ["state", "queue", "kind", "tags", "args", "metadata", "timeField", "since", "before"] as const;

/** Reads the filter fields of a query string; missing fields are empty. */
export function readFilterForm(query: URLSearchParams): FilterForm {
  const get = (k: string) => (query.get(k) ?? "").trim();
  const timeField = get("timeField");
  return {
    state: get("state"),
    queue: get("queue"),
    kind: get("kind"),
    tags: get("tags"),
    args: get("args"),
    metadata: get("metadata"),
    timeField: timeField === "scheduled" || timeField === "finalized" ? timeField : "created",
    since: get("since"),
    before: get("before"),
  };
}

/** The non-empty filter fields as a query string, for links that keep the current filter. */
export function filterQuery(form: FilterForm): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of FORM_KEYS) {
    const value = form[key];
    if (key === "timeField" ? value !== "created" && (form.since || form.before) : value) q.set(key, value);
  }
  return q;
}

/** True when no filter is set (a bulk action would then apply to every job). */
export function isEmptyFilter(form: FilterForm): boolean {
  return !form.state && !form.queue && !form.kind && !form.tags && !form.args && !form.metadata && !form.since && !form.before;
}

/** The form as core's filters; a bad value throws InvalidArgumentError naming the field, as core's own checks do. */
export function toJobFilters(form: FilterForm): JobFilters {
  const filters: JobFilters = {};
  if (form.state) {
    if (!JOB_STATES.includes(form.state as JobState)) throw new InvalidArgumentError("state", `${JSON.stringify(form.state)} is not one of ${JOB_STATES.join(", ")}`);
    filters.states = [form.state as JobState];
  }
  if (form.queue) filters.queues = [form.queue];
  if (form.kind) filters.kinds = [form.kind];
  const tags = form.tags.split(/[\s,]+/).filter(Boolean);
  if (tags.length > 0) filters.tagsAll = tags;
  if (form.args) filters.args = jsonObject(form.args, "args");
  if (form.metadata) filters.metadata = jsonObject(form.metadata, "metadata");
  if (form.since || form.before) {
    const range = { since: utcTime(form.since, "since"), before: utcTime(form.before, "before") };
    if (form.timeField === "scheduled") filters.scheduledAt = range;
    else if (form.timeField === "finalized") filters.finalizedAt = range;
    else filters.createdAt = range;
  }
  return filters;
}

function jsonObject(text: string, field: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(field, 'must be a JSON object such as {"customer_id": 42}');
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidArgumentError(field, 'must be a JSON object such as {"customer_id": 42}');
  return value as Record<string, unknown>;
}

/** A datetime-local value read as UTC (the page shows every time in UTC). */
function utcTime(text: string, field: string): Date | undefined {
  if (!text) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/.exec(text);
  const date = m ? new Date(`${m[1]}T${m[2]}Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(field, `must be a UTC time like 2026-12-01T09:30, got ${JSON.stringify(text)}`);
  return date;
}
