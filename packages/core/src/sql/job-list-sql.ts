/** Listing and counting `river_job` rows by River's filters, orderings and keyset cursor. */
import { jobFilterSql } from "./job-filter-sql.js";
import { jobJsonColumn } from "./job-json-column.js";
import type { SchemaTables } from "./schema-tables.js";

/** River's sort fields (`JobListOrderByField`). */
export type JobSortField = "id" | "time" | "finalized_at" | "scheduled_at";
/** The column a sort field orders by (`time` resolves to one of the time columns). */
export type JobSortColumn = "id" | "created_at" | "scheduled_at" | "attempted_at" | "finalized_at";
export type SortDirection = "asc" | "desc";

/** A time as River's cursor writes it, but to microseconds in UTC: the caller trims it to RFC 3339 nano. */
const utcMicros = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/** Listing statements of one schema; each ordering's statement is built at its first use. */
export class JobListSql {
  /** The filter parameters ($1–$14, see JOB_FILTER_PARAM_COUNT). Returns `n`, the count as text. */
  readonly count: string;
  readonly #t: SchemaTables;
  readonly #lists = new Map<string, string>();

  constructor(t: SchemaTables) {
    this.#t = t;
    this.count = `SELECT count(*)::text AS n FROM ${t.job} WHERE ${jobFilterSql(t)}`;
  }

  /**
   * The page statement: filters $1–$14, $15 cursor id or null, $16 cursor time (RFC 3339 text)
   * or null, $17 limit. The page continues after the cursor's (time, id) in `direction`. Returns
   * `job` and `cursor_time`, the sorted column's value (UTC to microseconds, or null).
   */
  list(column: JobSortColumn, direction: SortDirection): string {
    const key = `${column}:${direction}`;
    let sql = this.#lists.get(key);
    if (sql === undefined) {
      sql = this.#build(column, direction);
      this.#lists.set(key, sql);
    }
    return sql;
  }

  #build(column: JobSortColumn, direction: SortDirection): string {
    const t = this.#t;
    const cmp = direction === "asc" ? ">" : "<";
    const dir = direction === "asc" ? "ASC" : "DESC";
    const afterId = `id ${cmp} $15::text::bigint`;
    const t16 = "$16::text::timestamptz";
    // River's keyset: after (time, id) in the sort direction. A time column may be null
    // (attempted_at of a job never run): PostgreSQL sorts nulls last ascending and first
    // descending, so those rows come after every timed row ascending, and a cursor without
    // a time (the last row had none) continues among them. River's Go cursor never holds a
    // zero time for a time ordering, so its cursors continue the same way here.
    const afterTimed = `(${column} ${cmp} ${t16} OR (${column} = ${t16} AND ${afterId})${direction === "asc" ? ` OR ${column} IS NULL` : ""})`;
    const afterUntimed = direction === "asc" ? `(${column} IS NULL AND ${afterId})` : `((${column} IS NULL AND ${afterId}) OR ${column} IS NOT NULL)`;
    // Ordered by id, the cursor time is ignored (it still appears, so every statement types $16).
    const afterCursor =
      column === "id"
        ? `CASE WHEN ${t16} IS NULL THEN ${afterId} ELSE ${afterId} END`
        : `CASE WHEN ${t16} IS NULL THEN ${afterUntimed} ELSE ${afterTimed} END`;
    // The cursor records the value the page was sorted by. River's Go takes a `time` cursor's
    // value from each job's own state instead; the two agree whenever the listed jobs share the
    // state that picked the column (River's intended use), and only the sorted column's value
    // continues a mixed-state page correctly, here and in Go.
    const cursorTime = column === "id" ? null : column;
    const order = column === "id" ? `id ${dir}` : `${column} ${dir}, id ${dir}`;
    return `SELECT ${jobJsonColumn()} AS job, ${cursorTime === null ? "NULL::text" : utcMicros(cursorTime)} AS cursor_time
FROM ${t.job}
WHERE ${jobFilterSql(t)}
  AND ($15::text::bigint IS NULL OR ${afterCursor})
ORDER BY ${order}
LIMIT $17::int`;
  }
}
