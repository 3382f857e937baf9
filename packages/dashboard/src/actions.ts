/** The dashboard's actions (POST only): retry, cancel and delete a job or every job of a filter, pause and resume a queue, run a periodic job now. */
import { InvalidArgumentError } from "@tributary/core";
import { htmlResponse, SECURITY_HEADERS } from "./layout.js";
import { filterQuery, isEmptyFilter, readFilterForm, toJobFilters } from "./job-filter-query.js";
import { NOTICE_KEYS, noticeQuery } from "./notices.js";
import { href, type PageContext } from "./page-context.js";
import { BULK_ACTIONS, type BulkAction, confirmPage } from "./pages/confirm-page.js";

/** Form bodies larger than this are refused (the dashboard's own forms send a few hundred bytes). */
const MAX_FORM_BYTES = 64 * 1024;

/** Runs the action `path` names (relative to the mount path), or returns null when no action has that path. */
export async function runAction(ctx: PageContext, path: string, request: Request): Promise<Response | null> {
  const form = await readForm(request);
  let m = /^\/jobs\/(\d+)\/(retry|cancel|delete)$/.exec(path);
  if (m) {
    const [, id, action] = m as unknown as [string, string, "retry" | "cancel" | "delete"];
    if (action === "retry") await ctx.client.retryJob(id);
    if (action === "cancel") await ctx.client.cancelJob(id);
    if (action === "delete") {
      await ctx.client.deleteJob(id);
      return redirect(href(ctx, "/jobs", noticeQuery("deleted")));
    }
    return redirect(href(ctx, `/jobs/${id}`, noticeQuery(action === "retry" ? "retried" : "cancelled")));
  }
  if (path === "/jobs/bulk") return bulk(ctx, form);
  m = /^\/queues\/([^/]+)\/(pause|resume)$/.exec(path);
  if (m) {
    const queue = decodeURIComponent(m[1]!);
    if (m[2] === "pause") await ctx.client.pauseQueue(queue);
    else await ctx.client.resumeQueue(queue);
    return redirect(returnPath(ctx, form.get("return"), noticeQuery(m[2] === "pause" ? "paused" : "resumed", { queue })));
  }
  m = /^\/periodic\/([^/]+)\/run$/.exec(path);
  if (m && ctx.appClient) {
    const id = decodeURIComponent(m[1]!);
    const schedule = ctx.appClient.periodicJobs.describe(ctx.now).find((s) => s.id === id);
    if (!schedule) return null;
    const { job } = await ctx.appClient.insert(schedule.kind, schedule.args, schedule.opts);
    return redirect(href(ctx, `/jobs/${job.id}`, noticeQuery("periodic-run")));
  }
  return null;
}

/** A bulk action: first the confirmation page with the count, then (with `confirmed`) the action itself. */
async function bulk(ctx: PageContext, form: URLSearchParams): Promise<Response> {
  const action = form.get("action") ?? "";
  if (!Object.hasOwn(BULK_ACTIONS, action)) throw new InvalidArgumentError("action", `must be one of ${Object.keys(BULK_ACTIONS).join(", ")}`);
  const filter = form.get("filter") ?? "";
  if (form.get("confirmed") === null) return htmlResponse(await confirmPage(ctx, action as BulkAction, filter));
  const filterForm = readFilterForm(new URLSearchParams(filter));
  const filters = toJobFilters(filterForm);
  let count: number;
  if (action === "retry") count = (await ctx.client.retryJobs(filters)).count;
  else if (action === "cancel") count = (await ctx.client.cancelJobs(filters)).count;
  // The confirmation page said when no filter was set; confirming it is the explicit "every job".
  else count = (await ctx.client.deleteJobs(filters, { unsafeAll: isEmptyFilter(filterForm) })).count;
  const query = filterQuery(filterForm);
  for (const [k, v] of Object.entries(noticeQuery(`bulk-${action}`, { count }))) query.set(k, v);
  return redirect(href(ctx, "/jobs", query));
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
  const text = await request.text();
  if (text.length > MAX_FORM_BYTES) throw new InvalidArgumentError("body", `is larger than ${MAX_FORM_BYTES} bytes`);
  return new URLSearchParams(text);
}

/** Where to go back to: the page the form was on when it is a dashboard page, else the overview; old notices dropped. */
function returnPath(ctx: PageContext, value: string | null, notice: Record<string, string>): string {
  let target = new URL(href(ctx, "/"), ctx.url);
  if (value?.startsWith("/") && !value.startsWith("//")) {
    const candidate = new URL(value, ctx.url);
    const inside = ctx.base === "" || candidate.pathname === ctx.base || candidate.pathname.startsWith(`${ctx.base}/`);
    if (candidate.origin === ctx.url.origin && inside) target = candidate;
  }
  for (const k of NOTICE_KEYS) target.searchParams.delete(k);
  for (const [k, v] of Object.entries(notice)) target.searchParams.set(k, v);
  return target.pathname + target.search;
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store", ...SECURITY_HEADERS } });
}
