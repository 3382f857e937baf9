/** Periodic schedules: the application client's (cron, next run, run now), or without one the periodic ids found on jobs with their last and next runs. */
import type { JobRow, JobState } from "@tributary/core";
import { formatAge, formatTime } from "../format.js";
import { html, type Markup } from "../html.js";
import { page, stateBadge } from "../layout.js";
import { href, type PageContext } from "../page-context.js";

/** River's metadata key naming the schedule that enqueued a job. */
export const PERIODIC_JOB_ID_KEY = "river:periodic_job_id";

/** How many of the newest jobs are scanned for periodic ids when no client is given (besides every scheduled job up to the same number). */
export const PERIODIC_SCAN_LIMIT = 1000;

const NOT_YET_RUN: readonly JobState[] = ["scheduled", "available", "pending"];
const RAN: readonly JobState[] = ["running", "retryable", "completed", "cancelled", "discarded"];

/** The periodic jobs page. */
export async function periodicPage(ctx: PageContext, notice?: Markup): Promise<Markup> {
  const body = ctx.appClient ? await configuredSchedules(ctx) : await schedulesSeenOnJobs(ctx);
  return page(ctx, { title: "Periodic jobs", section: "/periodic", body, notice });
}

async function configuredSchedules(ctx: PageContext): Promise<Markup> {
  const schedules = ctx.appClient!.periodicJobs.describe(ctx.now);
  const lastRuns = await Promise.all(schedules.map((s) => lastRun(ctx, s.id)));
  const rows = schedules.map(
    (s, i) => html`<tr data-periodic-id="${s.id}"><th scope="row"><code>${s.id}</code></th><td><code>${s.kind}</code></td><td><code>${s.schedule}</code></td>
<td>${formatTime(s.nextRunAt)} <span class="muted">${formatAge(s.nextRunAt, ctx.now)}</span></td><td>${runCell(ctx, lastRuns[i])}</td>
${ctx.readOnly ? "" : html`<td><form class="inline" method="post" action="${href(ctx, `/periodic/${encodeURIComponent(s.id)}/run`)}"><button type="submit" aria-label="Run ${s.id} now">Run now</button></form></td>`}</tr>`,
  );
  return html`<h1>Periodic jobs</h1>
<p class="muted">Schedules configured on this application's client (they live in code, not in the database).</p>
${
  schedules.length === 0
    ? html`<p class="muted">The client has no periodic jobs.</p>`
    : html`<table aria-label="Periodic jobs"><thead><tr><th scope="col">ID</th><th scope="col">Kind</th><th scope="col">Schedule</th><th scope="col">Next run</th><th scope="col">Last run</th>${ctx.readOnly ? "" : html`<th scope="col">Actions</th>`}</tr></thead><tbody>${rows}</tbody></table>`
}`;
}

async function schedulesSeenOnJobs(ctx: PageContext): Promise<Markup> {
  const [newest, scheduled] = await Promise.all([
    ctx.client.listJobs({ orderBy: "id", order: "desc", limit: PERIODIC_SCAN_LIMIT }),
    ctx.client.listJobs({ states: ["scheduled"], orderBy: "id", order: "desc", limit: PERIODIC_SCAN_LIMIT }),
  ]);
  const ids = [...new Set([...newest, ...scheduled].map((j) => j.metadata[PERIODIC_JOB_ID_KEY]).filter((v): v is string => typeof v === "string"))].sort();
  const runs = await Promise.all(ids.map(async (id) => ({ id, last: await lastRun(ctx, id), next: await nextRun(ctx, id) })));
  const rows = runs.map(
    (r) => html`<tr data-periodic-id="${r.id}"><th scope="row"><code>${r.id}</code></th><td>${runCell(ctx, r.last)}</td><td>${runCell(ctx, r.next)}</td></tr>`,
  );
  return html`<h1>Periodic jobs</h1>
<p class="muted">Schedules live in the application's client, not the database. Without a <code>client</code> option the dashboard lists the periodic ids
found on jobs (<code>metadata."river:periodic_job_id"</code>, among the newest ${PERIODIC_SCAN_LIMIT} jobs and the scheduled ones) with their last and next runs.</p>
${
  ids.length === 0
    ? html`<p class="muted">No periodic job found.</p>`
    : html`<table aria-label="Periodic jobs"><thead><tr><th scope="col">ID</th><th scope="col">Last run</th><th scope="col">Next scheduled run</th></tr></thead><tbody>${rows}</tbody></table>`
}`;
}

function runCell(ctx: PageContext, job: JobRow | undefined): Markup {
  if (!job) return html`<span class="muted">—</span>`;
  const at = job.attemptedAt ?? job.scheduledAt;
  return html`<a href="${href(ctx, `/jobs/${job.id}`)}">job ${job.id}</a> ${stateBadge(job.state)} ${formatTime(at)} <span class="muted">${formatAge(at, ctx.now)}</span>`;
}

async function lastRun(ctx: PageContext, id: string): Promise<JobRow | undefined> {
  const [job] = await ctx.client.listJobs({ metadata: { [PERIODIC_JOB_ID_KEY]: id }, states: [...RAN], orderBy: "id", order: "desc", limit: 1 });
  return job;
}

async function nextRun(ctx: PageContext, id: string): Promise<JobRow | undefined> {
  const [job] = await ctx.client.listJobs({ metadata: { [PERIODIC_JOB_ID_KEY]: id }, states: [...NOT_YET_RUN], orderBy: "scheduled_at", order: "asc", limit: 1 });
  return job;
}
