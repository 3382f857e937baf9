/** `dashboard(options)`: the web-standard request handler — mount path, authorization, read-only mode, routing, and pages that say when the database is down. */
import { Client, type Driver, InvalidArgumentError, isTributaryError } from "@tributary/core";
import { runAction } from "./actions.js";
import { ASSET_VERSION, DASHBOARD_CSS, DASHBOARD_JS } from "./assets.js";
import { html } from "./html.js";
import { htmlResponse, problemPage, SECURITY_HEADERS } from "./layout.js";
import { noticeFrom } from "./notices.js";
import type { PageContext } from "./page-context.js";
import { jobPage } from "./pages/job-page.js";
import { jobsPage } from "./pages/jobs-page.js";
import { overviewPage } from "./pages/overview-page.js";
import { periodicPage } from "./pages/periodic-page.js";
import { isSameOrigin } from "./same-origin.js";

/**
 * Decides whether a request may see the dashboard: `true` lets it in, `false` answers 403,
 * and a `Response` is sent as it is (a 401 asking for credentials, a redirect to your login page).
 */
export type DashboardAuthorize = (request: Request) => boolean | Response | Promise<boolean | Response>;

/** Options of {@link dashboard}. */
export interface DashboardOptions<TTx = unknown> {
  /** A Tributary driver on your database library (the one your application uses). */
  driver: Driver<TTx>;
  /** River's schema; default the connection's `current_schema()`. */
  schema?: string;
  /** The path the dashboard is mounted at, e.g. `"/admin/jobs"` (or `"/"`). Requests outside it answer 404. */
  basePath: string;
  /**
   * Required, so that a dashboard mounted with defaults never lets anyone cancel or delete
   * jobs: check your session or credentials here. `() => true` opts out explicitly.
   */
  authorize: DashboardAuthorize;
  /** Hide every action and refuse every POST (405). Default false. */
  readOnly?: boolean;
  /**
   * Your application's client, when it has periodic jobs: their schedules live in code, so
   * the dashboard lists them (cron, next run) and can run one now only through it.
   */
  client?: Client<TTx>;
}

/** The handler {@link dashboard} returns: a web-standard `Request` in, a `Response` out. */
export type DashboardHandler = (request: Request) => Promise<Response>;

/**
 * A dashboard of the jobs in River's tables, as a `(request: Request) => Promise<Response>`
 * handler to mount in your own server under `basePath`:
 *
 * ```ts
 * const handler = dashboard({ driver: pgDriver(pool), basePath: "/admin/jobs", authorize: (req) => isAdmin(req) });
 * app.all("/admin/jobs/*", (c) => handler(c.req.raw));          // Hono
 * ```
 *
 * Reads and acts only through `@tributary/core`'s public client calls. Actions are POSTs,
 * refused unless same-origin; with `readOnly` there are none. Throws INVALID_ARGUMENT for
 * bad options.
 */
export function dashboard<TTx>(options: DashboardOptions<TTx>): DashboardHandler {
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError("options", "must be { driver, basePath, authorize, schema?, readOnly?, client? }");
  const { driver, schema, readOnly = false, client: appClient } = options;
  if (typeof driver?.executor !== "function") throw new InvalidArgumentError("options.driver", "must be a Tributary driver, e.g. pgDriver(pool)");
  const base = normaliseBasePath(options.basePath);
  const authorize = options.authorize;
  if (typeof authorize !== "function") {
    throw new InvalidArgumentError("options.authorize", "is required: a function (request) => boolean | Response deciding who may use the dashboard; pass () => true to allow everyone");
  }
  if (typeof readOnly !== "boolean") throw new InvalidArgumentError("options.readOnly", "must be a boolean");
  if (appClient !== undefined && typeof appClient?.periodicJobs?.describe !== "function") {
    throw new InvalidArgumentError("options.client", "must be a Tributary Client");
  }
  const client = new Client<TTx>({ driver, ...(schema === undefined ? {} : { schema }) }) as Client<unknown>;
  const frame = { base, readOnly };

  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = relativePath(url.pathname, base);
    if (path === null) return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", ...SECURITY_HEADERS } });
    const verdict = await authorize(request);
    if (verdict instanceof Response) return verdict;
    if (verdict !== true) return problemPage(frame, 403, "Forbidden", "You are not allowed to use this dashboard.");
    const ctx: PageContext = { base, url, readOnly, client, appClient: appClient as Client<unknown> | undefined, now: new Date() };
    try {
      if (request.method === "GET" || request.method === "HEAD") {
        const response = await get(ctx, path);
        return request.method === "HEAD" ? new Response(null, { status: response.status, headers: response.headers }) : response;
      }
      if (request.method !== "POST") return problemPage(frame, 405, "Method not allowed", "The dashboard answers GET, and POST for its actions.");
      if (readOnly) return problemPage(frame, 405, "Read-only dashboard", "This dashboard is read-only: it takes no action.");
      if (!isSameOrigin(request)) {
        return problemPage(frame, 403, "Cross-origin request refused", "Actions are only accepted from the dashboard's own pages (same origin).");
      }
      return (await runAction(ctx, path, request)) ?? notFound(frame);
    } catch (err) {
      return errorPage(frame, err);
    }
  };
}

async function get(ctx: PageContext, path: string): Promise<Response> {
  const notice = noticeFrom(ctx.url.searchParams);
  if (path === "/") return htmlResponse(await overviewPage(ctx, notice));
  if (path === "/jobs") return htmlResponse(await jobsPage(ctx, notice));
  if (path === "/periodic") return htmlResponse(await periodicPage(ctx, notice));
  if (path === "/assets/dashboard.css") return asset(ctx, DASHBOARD_CSS, "text/css; charset=utf-8");
  if (path === "/assets/dashboard.js") return asset(ctx, DASHBOARD_JS, "text/javascript; charset=utf-8");
  const m = /^\/jobs\/(\d+)$/.exec(path);
  if (m) {
    const markup = await jobPage(ctx, m[1]!, notice);
    return markup ? htmlResponse(markup) : problemPage(ctx, 404, "Job not found", `No job has id ${m[1]}: it may have been deleted (finalized jobs are cleaned after a while).`);
  }
  return notFound(ctx);
}

function asset(ctx: PageContext, body: string, type: string): Response {
  const versioned = ctx.url.searchParams.get("v") === ASSET_VERSION;
  return new Response(body, {
    headers: { "content-type": type, "cache-control": versioned ? "public, max-age=31536000, immutable" : "no-cache", ...SECURITY_HEADERS },
  });
}

function notFound(frame: { base: string; readOnly: boolean }): Response {
  return problemPage(frame, 404, "Not found", "The dashboard has no page here.");
}

/** Bad input says what was wrong (400); a missing row 404; an unreachable or unmigrated database 503, on a page saying so. */
function errorPage(frame: { base: string; readOnly: boolean }, err: unknown): Response {
  const message = err instanceof Error ? err.message : String(err);
  if (isTributaryError(err)) {
    if (err.code === "INVALID_ARGUMENT") return problemPage(frame, 400, "Invalid input", message);
    if (err.code === "JOB_NOT_FOUND") return problemPage(frame, 404, "Job not found", message);
    if (err.code === "JOB_RUNNING") return problemPage(frame, 409, "Job is running", message);
    if (err.code === "MIGRATION_MISSING") return problemPage(frame, 503, "Database not migrated", message);
  }
  return problemPage(
    frame,
    503,
    "Database unavailable",
    html`The dashboard cannot read the jobs: the database did not answer. <code>${message}</code> The page works again as soon as the database does; reload it.`,
  );
}

/** `"/admin/jobs/"` → `"/admin/jobs"`, `"/"` → `""`; anything but an absolute path is refused. */
function normaliseBasePath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[?#\s]|\/\//.test(value)) {
    throw new InvalidArgumentError("options.basePath", `must be an absolute path such as "/admin/jobs" (or "/"), got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, "");
}

/** The path below the mount path (`"/"` for the mount path itself), or null outside it. */
function relativePath(pathname: string, base: string): string | null {
  if (base === "") return pathname || "/";
  if (pathname === base) return "/";
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : null;
}
