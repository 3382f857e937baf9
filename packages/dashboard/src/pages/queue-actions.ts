/** The pause / resume button of a queue: a same-origin POST form, absent when the dashboard is read-only. */
import type { QueueInfo } from "@tributary/core";
import { html, type Markup } from "../html.js";
import { href, type PageContext } from "../page-context.js";

/** The form that pauses a running queue or resumes a paused one, returning to the current page. */
export function queueActions(ctx: PageContext, queue: QueueInfo): Markup {
  if (ctx.readOnly) return html``;
  const action = queue.paused ? "resume" : "pause";
  return html`<form class="inline" method="post" action="${href(ctx, `/queues/${encodeURIComponent(queue.name)}/${action}`)}">
<input type="hidden" name="return" value="${ctx.url.pathname + ctx.url.search}">
<button type="submit" aria-label="${action === "pause" ? "Pause" : "Resume"} queue ${queue.name}">${action === "pause" ? "Pause" : "Resume"}</button></form>`;
}
