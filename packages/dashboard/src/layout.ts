/** The frame every page shares: head, navigation, the live-refresh toggle, the notice line, and the responses pages return. */
import { ASSET_VERSION } from "./assets.js";
import { html, type Markup } from "./html.js";
import { href, type PageContext } from "./page-context.js";

/** Security headers on every answer: nothing inline runs, nothing loads from elsewhere, the page cannot be framed. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

const NAV: readonly { path: string; label: string }[] = [
  { path: "/", label: "Overview" },
  { path: "/jobs", label: "Jobs" },
  { path: "/periodic", label: "Periodic jobs" },
];

/** A whole page: `title` names it (for the tab and screen readers), `section` marks the current navigation entry. */
export function page(ctx: Pick<PageContext, "base" | "readOnly">, options: { title: string; section?: string; body: Markup; notice?: Markup }): Markup {
  const nav = NAV.map(
    (n) => html`<li><a href="${href(ctx, n.path)}"${n.path === options.section ? html` aria-current="page"` : ""}>${n.label}</a></li>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Tributary</title>
<link rel="stylesheet" href="${ctx.base}/assets/dashboard.css?v=${ASSET_VERSION}">
<script src="${ctx.base}/assets/dashboard.js?v=${ASSET_VERSION}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<a class="brand" href="${href(ctx, "/")}">Tributary</a>
<nav aria-label="Dashboard"><ul>${nav}</ul></nav>
${ctx.readOnly ? html`<span class="muted">read-only</span>` : ""}
<span class="live" hidden><input type="checkbox" id="live-refresh"><label for="live-refresh">Live refresh (5 s)</label><span id="live-stamp" class="muted" aria-live="polite"></span></span>
</header>
<main id="main" tabindex="-1">
${options.notice ?? ""}
${options.body}
</main>
</body>
</html>`;
}

/** An HTML response with the security headers; pages are never cached (they show live data). */
export function htmlResponse(body: Markup, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body.html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...SECURITY_HEADERS, ...headers },
  });
}

/** A page saying what went wrong, with a way back: 403, 404, 405, 409, 503 … */
export function problemPage(ctx: Pick<PageContext, "base" | "readOnly">, status: number, title: string, message: Markup | string): Response {
  const body = html`<h1>${title}</h1><div class="banner" role="alert"><p>${message}</p></div><p><a href="${href(ctx, "/")}">Back to the overview</a></p>`;
  return htmlResponse(page(ctx, { title, body }), status);
}

/** A state as a badge whose text is the state (colour only repeats it). */
export function stateBadge(state: string): Markup {
  return html`<span class="state state-${state}">${state}</span>`;
}
