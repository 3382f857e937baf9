/** Listing and counting jobs the way River's JobList does: filters, orderings with id as tie-breaker, and River's cursor. */
import { InvalidArgumentError } from "../base/errors.js";
import type { Executor } from "../driver/driver.js";
import { type JobRow, type JobState, parseJobJson } from "../job/job-row.js";
import type { JobSortColumn, JobSortField, SortDirection } from "../sql/job-list-sql.js";
import type { AdminContext } from "./admin-context.js";
import { runAdminQuery } from "./admin-context.js";
import { decodeJobCursor, encodeJobCursor, rfc3339Nano } from "./job-cursor.js";
import { type FilterParams, type JobFilters, STATES_PARAM, filterParams } from "./job-filters.js";
import { textArrayLiteral } from "../sql/array-literal.js";
import { jobId } from "./job-id.js";

export type { JobSortField, SortDirection };

/** Filters, ordering and page of `listJobs` / `listJobsPage`. */
export interface ListJobsParams extends JobFilters {
  /** Page size, 1–10,000. Default 100. */
  limit?: number;
  /**
   * River's orderings, id always the tie-breaker. `time` is the time that matters for the first
   * state filtered: scheduled_at (available, pending, retryable, scheduled), attempted_at
   * (running), finalized_at (cancelled, completed, discarded); scheduled_at without a state
   * filter. `finalized_at` without a state filter lists only finalized jobs. Default `id`,
   * or the cursor's field when a cursor is given.
   */
  orderBy?: JobSortField;
  /** Default `asc`. */
  order?: SortDirection;
  /** Continue after this cursor (`nextCursor` of a previous page, or a cursor made by River). */
  cursor?: string;
  /** Only jobs after this id in id order (today's paging; use `cursor` for the other orderings). */
  after?: string;
}

/** One page of jobs and the cursor of the next page. */
export interface ListJobsPage {
  jobs: JobRow[];
  /** River's cursor after the last job; null when this page was not full (nothing follows). */
  nextCursor: string | null;
}

const FIELDS: readonly JobSortField[] = ["id", "time", "finalized_at", "scheduled_at"];
const FINALIZED: readonly JobState[] = ["cancelled", "completed", "discarded"];

/** One page of jobs matching `params`. */
export async function listJobsPage(ctx: AdminContext, params: ListJobsParams, executor?: Executor): Promise<ListJobsPage> {
  if (typeof params !== "object" || params === null) throw new InvalidArgumentError("params", "must be an object");
  const limit = params.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new InvalidArgumentError("params.limit", `must be an integer from 1 to 10000, got ${String(limit)}`);
  }
  const order = params.order ?? "asc";
  if (order !== "asc" && order !== "desc") throw new InvalidArgumentError("params.order", 'must be "asc" or "desc"');
  if (params.after !== undefined && params.cursor !== undefined) throw new InvalidArgumentError("params.after", "give either after or cursor, not both");
  const cursor = params.cursor === undefined ? undefined : decodeJobCursor(params.cursor, "params.cursor");
  if (params.orderBy !== undefined && !FIELDS.includes(params.orderBy)) {
    throw new InvalidArgumentError("params.orderBy", `must be one of ${FIELDS.join(", ")}`);
  }
  const field = params.orderBy ?? cursor?.sortField ?? "id";
  if (cursor && cursor.sortField !== field) {
    throw new InvalidArgumentError("params.cursor", `was made for ordering by ${cursor.sortField}, not ${field}`);
  }
  if (params.after !== undefined && field !== "id") throw new InvalidArgumentError("params.after", "pages by id only; use cursor with orderBy");
  const filters = finalizedOnlyFor(field, filterParams(params, "params"));
  const column = sortColumn(field, filters.states);
  const afterId = cursor?.id ?? (params.after === undefined ? null : jobId(params.after, "params.after"));
  const rows = await runAdminQuery<{ job: string; cursor_time: string | null }>(ctx, executor, (s) => ({
    sql: s.jobs.listing.list(column, order),
    params: [...filters.params, afterId, cursor?.time ?? null, limit],
  }));
  const jobs = rows.map((r) => parseJobJson(r.job));
  const last = rows.at(-1);
  const lastJob = jobs.at(-1);
  const nextCursor =
    last && lastJob && jobs.length === limit
      ? encodeJobCursor({ id: lastJob.id, kind: lastJob.kind, queue: lastJob.queue, sortField: field, time: rfc3339Nano(last.cursor_time) })
      : null;
  return { jobs, nextCursor };
}

/** How many jobs match `filters`. */
export async function countJobs(ctx: AdminContext, filters: JobFilters, executor?: Executor): Promise<number> {
  const { params } = filterParams(filters, "filters");
  const rows = await runAdminQuery<{ n: string }>(ctx, executor, (s) => ({ sql: s.jobs.listing.count, params }));
  return Number(rows[0]?.n ?? 0);
}

/** River's rule: ordering by finalized_at without a state filter lists the finalized states only. */
function finalizedOnlyFor(field: JobSortField, filters: FilterParams): FilterParams {
  if (field !== "finalized_at" || filters.states !== undefined) return filters;
  const params = [...filters.params];
  params[STATES_PARAM] = textArrayLiteral(FINALIZED);
  return { params, states: FINALIZED, empty: false };
}

/** The column a sort field orders by; `time` by the first state filtered (River's jobListTimeFieldForState). */
function sortColumn(field: JobSortField, states: readonly JobState[] | undefined): JobSortColumn {
  if (field !== "time") return field;
  const first = states?.[0] ?? "available";
  if (first === "running") return "attempted_at";
  return FINALIZED.includes(first) ? "finalized_at" : "scheduled_at";
}
