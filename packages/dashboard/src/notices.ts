/** The one-line messages shown after an action: fixed texts chosen by a code in the redirect's query, never text taken from the URL. */
import { html, type Markup } from "./html.js";

/** Query keys the redirect after an action sets; they are dropped from links back to the page. */
export const NOTICE_KEYS = ["notice", "count", "notice_queue"] as const;

/** The redirect query of an action's outcome. */
export function noticeQuery(code: string, extra: { count?: number; queue?: string } = {}): Record<string, string> {
  return { notice: code, ...(extra.count === undefined ? {} : { count: String(extra.count) }), ...(extra.queue === undefined ? {} : { notice_queue: extra.queue }) };
}

/** The message for the notice in `query`, or undefined when there is none (or the code is unknown). */
export function noticeFrom(query: URLSearchParams): Markup | undefined {
  const code = query.get("notice");
  const count = Number(query.get("count") ?? "0");
  const jobs = `${count} ${count === 1 ? "job" : "jobs"}`;
  const queue = query.get("notice_queue") ?? "";
  const messages: Record<string, Markup> = {
    retried: html`Job retried: it is available to run now.`,
    cancelled: html`Job cancelled (a running job is asked to stop and ends cancelled).`,
    deleted: html`Job deleted.`,
    "bulk-retry": html`Retried ${jobs}.`,
    "bulk-cancel": html`Cancelled ${jobs}.`,
    "bulk-delete": html`Deleted ${jobs}.`,
    paused: html`Queue <code>${queue}</code> paused: no client fetches its jobs until it is resumed.`,
    resumed: html`Queue <code>${queue}</code> resumed.`,
    "periodic-run": html`Periodic job enqueued now.`,
  };
  const message = code === null ? undefined : messages[code];
  return message && html`<p class="notice" role="status">${message}</p>`;
}
