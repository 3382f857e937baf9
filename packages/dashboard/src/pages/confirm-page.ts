/** The confirmation of a bulk action: how many jobs the filter matches now, and the button that acts on them. */
import { html, type Markup } from "../html.js";
import { page } from "../layout.js";
import { filterQuery, isEmptyFilter, readFilterForm, toJobFilters } from "../job-filter-query.js";
import { href, type PageContext } from "../page-context.js";

/** The bulk actions and what each does to the matching jobs. */
export const BULK_ACTIONS = {
  retry: "made available to run now (running jobs are left alone)",
  cancel: "cancelled (running jobs are asked to stop; finalized jobs are left alone)",
  delete: "deleted for good (running jobs are left alone)",
} as const;

export type BulkAction = keyof typeof BULK_ACTIONS;

/** The page asking to confirm `action` on the jobs `filter` (a jobs-page query string) matches. */
export async function confirmPage(ctx: PageContext, action: BulkAction, filter: string): Promise<Markup> {
  const form = readFilterForm(new URLSearchParams(filter));
  const count = await ctx.client.countJobs(toJobFilters(form));
  const query = filterQuery(form).toString();
  const verb = action[0]!.toUpperCase() + action.slice(1);
  const body = html`<h1>${verb} ${count} ${count === 1 ? "job" : "jobs"}?</h1>
<p id="confirm-count">The filter matches <strong>${count}</strong> ${count === 1 ? "job" : "jobs"}${isEmptyFilter(form) ? html` — <strong>no filter is set: this is every job</strong>` : ""}. They will be ${BULK_ACTIONS[action]}.</p>
<form method="post" action="${href(ctx, "/jobs/bulk")}">
<input type="hidden" name="action" value="${action}"><input type="hidden" name="filter" value="${query}"><input type="hidden" name="confirmed" value="${count}">
<button type="submit"${action === "retry" ? "" : html` class="danger"`}>${verb} ${count} ${count === 1 ? "job" : "jobs"}</button>
<a href="${href(ctx, "/jobs", new URLSearchParams(query))}">Go back</a></form>`;
  return page(ctx, { title: `${verb} jobs`, section: "/jobs", body });
}
