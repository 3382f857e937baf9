/** The overview: jobs by queue × state, completed and failed per minute over the last hour, each queue's oldest wait, the leader, paused queues. */
import type { JobState, JobStatsMinute, QueueInfo } from "@tributary/core";
import { formatAge, formatDuration, formatTime, STATE_ORDER } from "../format.js";
import { html, type Markup } from "../html.js";
import { page } from "../layout.js";
import { href, type PageContext } from "../page-context.js";
import { queueActions } from "./queue-actions.js";

const HOUR_MS = 3_600_000;

/** Renders the overview from four public reads: `jobStats`, `listQueues`, `getLeader`. */
export async function overviewPage(ctx: PageContext, notice?: Markup): Promise<Markup> {
  const since = new Date(ctx.now.getTime() - HOUR_MS);
  const [stats, queues, leader] = await Promise.all([ctx.client.jobStats({ since }), ctx.client.listQueues(), ctx.client.getLeader()]);
  const totals = new Map<JobState, number>(STATE_ORDER.map((s) => [s, 0]));
  for (const c of stats.counts) totals.set(c.state, (totals.get(c.state) ?? 0) + c.count);
  const paused = queues.filter((q) => q.paused);

  const cards = STATE_ORDER.map(
    (s) => html`<li><a href="${href(ctx, "/jobs", { state: s })}"><span class="n">${totals.get(s) ?? 0}</span>${s}</a></li>`,
  );
  const body = html`<h1>Overview</h1>
<h2 id="by-state">Jobs by state</h2>
<ul class="cards" aria-labelledby="by-state">${cards}</ul>
<h2>Queues</h2>
${queues.length === 0 ? html`<p class="muted">No queues yet: no job has been inserted and no client has started.</p>` : queueTable(ctx, queues)}
<h2>Leader</h2>
<p id="leader">${
    leader
      ? html`<code>${leader.leaderId}</code>, elected ${formatTime(leader.electedAt)} (${formatAge(leader.electedAt, ctx.now)}), lease until ${formatTime(leader.expiresAt)}`
      : html`<span class="muted">No leader: no client is running maintenance (scheduling retries, rescuing and cleaning jobs).</span>`
  }</p>
<h2>Paused queues</h2>
<p id="paused">${paused.length === 0 ? html`<span class="muted">None.</span>` : paused.map((q, i) => html`${i ? ", " : ""}<code>${q.name}</code>`)}</p>
<h2 id="throughput">Completed and failed per minute, last hour</h2>
${throughputChart(stats.minutes, since)}`;
  return page(ctx, { title: "Overview", section: "/", body, notice });
}

function queueTable(ctx: PageContext, queues: QueueInfo[]): Markup {
  const head = STATE_ORDER.map((s) => html`<th scope="col" class="num">${s}</th>`);
  const rows = queues.map((q) => {
    const cells = STATE_ORDER.map((s) => {
      const n = q.counts[s];
      return html`<td class="num">${n === 0 ? html`<span class="muted">0</span>` : html`<a href="${href(ctx, "/jobs", { state: s, queue: q.name })}" aria-label="${n} ${s} in ${q.name}">${n}</a>`}</td>`;
    });
    const age = q.oldestAvailableAgeMs === null ? html`<span class="muted">—</span>` : formatDuration(q.oldestAvailableAgeMs);
    return html`<tr data-queue="${q.name}"><th scope="row"><a href="${href(ctx, "/jobs", { queue: q.name })}">${q.name}</a></th>${cells}
<td class="num">${age}</td><td>${q.paused ? html`<strong>paused</strong> <span class="muted">${formatAge(q.pausedAt, ctx.now)}</span>` : "running"}</td>
${ctx.readOnly ? "" : html`<td>${queueActions(ctx, q)}</td>`}</tr>`;
  });
  return html`<table aria-label="Jobs by queue and state"><thead><tr><th scope="col">Queue</th>${head}<th scope="col" class="num">Oldest available</th><th scope="col">Status</th>${ctx.readOnly ? "" : html`<th scope="col">Actions</th>`}</tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** Sixty one-minute bars (completed up, failed down) as inline SVG, with the same numbers as a table for screen readers. */
function throughputChart(minutes: JobStatsMinute[], since: Date): Markup {
  const start = Math.floor(since.getTime() / 60_000) * 60_000;
  const slots = Array.from({ length: 61 }, (_v, i) => ({ minute: new Date(start + i * 60_000), completed: 0, failed: 0 }));
  for (const m of minutes) {
    const slot = slots[Math.round((m.minute.getTime() - start) / 60_000)];
    if (slot) {
      slot.completed += m.completed;
      slot.failed += m.failed;
    }
  }
  const completed = slots.reduce((n, s) => n + s.completed, 0);
  const failed = slots.reduce((n, s) => n + s.failed, 0);
  const busiest = Math.max(...slots.map((s) => s.completed + s.failed));
  const max = Math.max(1, ...slots.map((s) => Math.max(s.completed, s.failed)));
  const bar = 12;
  const half = 60;
  const bars = slots.map((s, i) => {
    const up = Math.round((s.completed / max) * half * 10) / 10;
    const down = Math.round((s.failed / max) * half * 10) / 10;
    return html`${up > 0 && html`<rect class="completed" x="${i * bar}" y="${half - up}" width="${bar - 2}" height="${up}"></rect>`}${down > 0 && html`<rect class="failed" x="${i * bar}" y="${half}" width="${bar - 2}" height="${down}"></rect>`}`;
  });
  const label = `${completed} completed and ${failed} failed attempts in the last hour${busiest > 0 ? `; the busiest minute had ${busiest}` : ""}`;
  const rows = slots
    .filter((s) => s.completed || s.failed)
    .map((s) => html`<tr><td>${formatTime(s.minute)}</td><td class="num">${s.completed}</td><td class="num">${s.failed}</td></tr>`);
  return html`<div class="chart"><p>${completed} completed, ${failed} failed attempts.</p>
<svg viewBox="0 0 ${slots.length * bar} ${half * 2}" role="img" aria-label="${label}"><title>${label}</title><line x1="0" y1="${half}" x2="${slots.length * bar}" y2="${half}" stroke="currentColor" stroke-width="0.5"></line>${bars}</svg>
<details><summary>Per-minute numbers</summary>${
    rows.length === 0
      ? html`<p class="muted">No job finished in the last hour.</p>`
      : html`<table><thead><tr><th scope="col">Minute</th><th scope="col" class="num">Completed</th><th scope="col" class="num">Failed</th></tr></thead><tbody>${rows}</tbody></table>`
  }</details></div>`;
}
