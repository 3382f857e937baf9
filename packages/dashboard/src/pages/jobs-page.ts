/** The jobs list: filters (state, queue, kind, tags, args and metadata containment, time range), River's cursors, bulk actions on the filter. */
import type { JobRow } from "@tributary/core";
import { formatAge, formatTime, STATE_ORDER } from "../format.js";
import { html, type Markup } from "../html.js";
import { page, stateBadge } from "../layout.js";
import { type FilterForm, filterQuery, isEmptyFilter, readFilterForm, toJobFilters } from "../job-filter-query.js";
import { href, type PageContext } from "../page-context.js";

/** Jobs per page. */
export const PAGE_SIZE = 50;

/** Renders one page of jobs, newest first, through `listJobsPage` (River's cursor in `?cursor=`). */
export async function jobsPage(ctx: PageContext, notice?: Markup): Promise<Markup> {
  const form = readFilterForm(ctx.url.searchParams);
  const filters = toJobFilters(form);
  const cursor = ctx.url.searchParams.get("cursor") ?? undefined;
  // The count is read before the rows, not beside them: two reads on two pool connections take
  // two snapshots, and jobs committed between them would show as "2 jobs match" above an empty
  // table (live refresh polls exactly while jobs arrive). Read in this order, jobs that arrive
  // in between show in the rows too, never as counted but missing. One round trip more.
  const total = await ctx.client.countJobs(filters);
  const { jobs, nextCursor } = await ctx.client.listJobsPage({ ...filters, orderBy: "id", order: "desc", limit: PAGE_SIZE, cursor });
  const query = filterQuery(form);
  const body = html`<h1>Jobs</h1>
${filterForm(ctx, form)}
<p id="match-count"><strong>${total}</strong> ${total === 1 ? "job matches" : "jobs match"}${isEmptyFilter(form) ? " (no filter)" : " this filter"}.</p>
${ctx.readOnly || total === 0 ? "" : bulkActions(ctx, query)}
${jobs.length === 0 ? html`<p class="muted">No jobs${cursor ? " after this page" : ""}.</p>` : jobTable(ctx, jobs)}
<nav class="pager" aria-label="Pages">
${cursor ? html`<a href="${href(ctx, "/jobs", query)}">Newest</a>` : ""}
${nextCursor ? html`<a href="${href(ctx, "/jobs", withCursor(query, nextCursor))}" rel="next">Older jobs</a>` : ""}
</nav>`;
  return page(ctx, { title: "Jobs", section: "/jobs", body, notice });
}

function withCursor(query: URLSearchParams, cursor: string): URLSearchParams {
  const q = new URLSearchParams(query);
  q.set("cursor", cursor);
  return q;
}

function filterForm(ctx: PageContext, form: FilterForm): Markup {
  const states = ["", ...STATE_ORDER].map((s) => html`<option value="${s}"${s === form.state ? " selected" : ""}>${s || "any"}</option>`);
  const fields = (["created", "scheduled", "finalized"] as const).map(
    (f) => html`<option value="${f}"${f === form.timeField ? " selected" : ""}>${f}</option>`,
  );
  return html`<form class="filters" method="get" action="${href(ctx, "/jobs")}" role="search" aria-label="Filter jobs">
<label>State<select name="state">${states}</select></label>
<label>Queue<input name="queue" value="${form.queue}" size="12"></label>
<label>Kind<input name="kind" value="${form.kind}" size="14"></label>
<label>Tags (all of)<input name="tags" value="${form.tags}" size="12"></label>
<label>Args contain (JSON)<input name="args" value="${form.args}" size="18" placeholder='{"customer_id": 42}'></label>
<label>Metadata contains (JSON)<input name="metadata" value="${form.metadata}" size="18" placeholder='{"tenant": "acme"}'></label>
<label>Time<select name="timeField">${fields}</select></label>
<label>From (UTC)<input type="datetime-local" name="since" value="${form.since}"></label>
<label>Before (UTC)<input type="datetime-local" name="before" value="${form.before}"></label>
<button type="submit">Filter</button> <a href="${href(ctx, "/jobs")}">Clear</a>
</form>`;
}

/** Retry / cancel / delete every job matching the filter: each posts to a confirmation page that shows the count first. */
function bulkActions(ctx: PageContext, query: URLSearchParams): Markup {
  const button = (action: string, label: string, danger = false) => html`<form class="inline" method="post" action="${href(ctx, "/jobs/bulk")}">
<input type="hidden" name="action" value="${action}"><input type="hidden" name="filter" value="${query.toString()}">
<button type="submit"${danger ? html` class="danger"` : ""}>${label}</button></form>`;
  return html`<div class="actions" aria-label="Act on every matching job" role="group">
${button("retry", "Retry all matching…")}${button("cancel", "Cancel all matching…", true)}${button("delete", "Delete all matching…", true)}</div>`;
}

function jobTable(ctx: PageContext, jobs: JobRow[]): Markup {
  const rows = jobs.map((job) => {
    const when = job.finalizedAt ?? job.attemptedAt ?? job.scheduledAt;
    const whenLabel = job.finalizedAt ? "finalized" : job.attemptedAt ? "attempted" : "scheduled";
    return html`<tr class="job-row" data-job-id="${job.id}">
<td><a class="job-link" href="${href(ctx, `/jobs/${job.id}`)}">${job.id}</a></td>
<td>${stateBadge(job.state)}</td><td><code>${job.kind}</code></td><td>${job.queue}</td>
<td class="num">${job.attempt}/${job.maxAttempts}</td>
<td>${job.tags.join(", ")}</td>
<td>${whenLabel} ${formatAge(when, ctx.now)} <span class="muted">${formatTime(when)}</span></td>
<td>${job.errors.at(-1)?.error.slice(0, 120) ?? ""}</td></tr>`;
  });
  return html`<table aria-label="Jobs"><thead><tr><th scope="col">ID</th><th scope="col">State</th><th scope="col">Kind</th><th scope="col">Queue</th>
<th scope="col" class="num">Attempt</th><th scope="col">Tags</th><th scope="col">When</th><th scope="col">Last error</th></tr></thead><tbody>${rows}</tbody></table>`;
}
