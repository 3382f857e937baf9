/** One job: its facts, timeline, args, metadata, output, logs per attempt (`river:log`), each attempt's error and trace, and its actions. */
import type { JobRow } from "@tributary/core";
import { FINALIZED_STATES, formatAge, formatTime, prettyJson, uniqueStatesOf } from "../format.js";
import { html, type Markup } from "../html.js";
import { page, stateBadge } from "../layout.js";
import { href, type PageContext } from "../page-context.js";

/** A `river:log` entry as River writes it: one per attempt that logged anything. */
interface AttemptLog {
  attempt: number;
  log: string;
}

/** The job page, or null when no job has this id. */
export async function jobPage(ctx: PageContext, id: string, notice?: Markup): Promise<Markup | null> {
  const job = await ctx.client.getJob(id);
  if (!job) return null;
  const { "river:log": rawLogs, output: _output, ...otherMetadata } = job.metadata;
  const logs = attemptLogs(rawLogs);
  const body = html`<h1>Job ${job.id} <code>${job.kind}</code> ${stateBadge(job.state)}</h1>
${ctx.readOnly ? "" : jobActions(ctx, job)}
<dl class="facts">
<dt>State</dt><dd id="job-state">${job.state}</dd>
<dt>Queue</dt><dd><a href="${href(ctx, "/jobs", { queue: job.queue })}">${job.queue}</a></dd>
<dt>Priority</dt><dd>${job.priority}</dd>
<dt>Attempt</dt><dd>${job.attempt} of ${job.maxAttempts}</dd>
<dt>Attempted by</dt><dd id="attempted-by">${job.attemptedBy.length ? job.attemptedBy.map((c, i) => html`${i ? ", " : ""}<code>${c}</code>`) : html`<span class="muted">nobody yet</span>`}</dd>
<dt>Tags</dt><dd>${job.tags.length ? job.tags.join(", ") : html`<span class="muted">none</span>`}</dd>
<dt>Unique key</dt><dd>${job.uniqueKey ? html`<code>${job.uniqueKey}</code>` : html`<span class="muted">not unique</span>`}</dd>
<dt>Unique in states</dt><dd>${job.uniqueStates ? uniqueStatesOf(job.uniqueStates).join(", ") : html`<span class="muted">—</span>`}</dd>
</dl>
<h2>Timeline</h2>
${timeline(ctx, job)}
<h2>Errors</h2>
${job.errors.length === 0 ? html`<p class="muted">No attempt failed.</p>` : errorList(job)}
<h2>Output</h2>
${job.output === undefined ? html`<p class="muted">No output recorded.</p>` : html`<pre id="job-output">${prettyJson(job.output)}</pre>`}
<h2>Logs</h2>
${logs.length === 0 ? html`<p class="muted">No logs recorded.</p>` : logs.map((l) => html`<h3>Attempt ${l.attempt}</h3><pre class="job-log">${l.log}</pre>`)}
<h2>Args</h2>
<pre id="job-args">${prettyJson(job.args)}</pre>
<h2>Metadata</h2>
<p class="muted">Other than <code>output</code> and <code>river:log</code>, shown above.</p>
<pre id="job-metadata">${prettyJson(otherMetadata)}</pre>`;
  return page(ctx, { title: `Job ${job.id}`, section: "/jobs", body, notice });
}

function attemptLogs(value: unknown): AttemptLog[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is { attempt: unknown; log: unknown } => typeof e === "object" && e !== null)
    .map((e) => ({ attempt: Number(e.attempt), log: typeof e.log === "string" ? e.log : prettyJson(e.log) }));
}

/** Retry, cancel and delete, offered when the job's state allows them (core refuses the rest anyway). */
function jobActions(ctx: PageContext, job: JobRow): Markup {
  const finalized = FINALIZED_STATES.includes(job.state);
  const form = (action: string, label: string, enabled: boolean, confirm?: string) =>
    enabled
      ? html`<form class="inline" method="post" action="${href(ctx, `/jobs/${job.id}/${action}`)}"${confirm ? html` data-confirm="${confirm}"` : ""}>
<button type="submit"${confirm ? html` class="danger"` : ""}>${label}</button></form>`
      : "";
  return html`<div class="actions" role="group" aria-label="Job actions">
${form("retry", "Retry", job.state !== "running")}
${form("cancel", "Cancel", !finalized, `Cancel job ${job.id}?`)}
${form("delete", "Delete", job.state !== "running", `Delete job ${job.id}? This cannot be undone.`)}</div>`;
}

/** Created, scheduled, each failed attempt, the last attempt's start and the end, in time order. */
function timeline(ctx: PageContext, job: JobRow): Markup {
  const events: { at: Date; what: Markup }[] = [
    { at: job.createdAt, what: html`Created` },
    { at: job.scheduledAt, what: html`Scheduled to run` },
  ];
  for (const e of job.errors) events.push({ at: e.at, what: html`Attempt ${e.attempt} failed` });
  if (job.attemptedAt) events.push({ at: job.attemptedAt, what: html`Attempt ${job.attempt} started` });
  if (job.finalizedAt) events.push({ at: job.finalizedAt, what: html`Finalized: ${job.state}` });
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  return html`<ol class="timeline">${events.map(
    (e) => html`<li><time datetime="${e.at.toISOString()}">${formatTime(e.at)}</time> <span class="muted">(${formatAge(e.at, ctx.now)})</span> — ${e.what}</li>`,
  )}</ol>`;
}

function errorList(job: JobRow): Markup {
  return html`<ol class="errors">${job.errors.map(
    (e) => html`<li class="attempt-error"><p><strong>Attempt ${e.attempt}</strong> at <time datetime="${e.at.toISOString()}">${e.at.toISOString()}</time>:</p>
<pre class="error-message">${e.error}</pre>
${e.trace ? html`<details open><summary>Stack trace</summary><pre class="error-trace">${e.trace}</pre></details>` : html`<p class="muted">No stack trace.</p>`}</li>`,
  )}</ol>`;
}
