/** What every page and action of one request knows: where the dashboard is mounted, what it may do, and its clients. */
import type { Client } from "@tributary/core";

/** One request as the pages see it. */
export interface PageContext {
  /** The mount path without a trailing slash ("" when mounted at "/"): every link starts with it. */
  readonly base: string;
  readonly url: URL;
  readonly readOnly: boolean;
  /** The dashboard's own insert-only client: every read and action goes through its public admin calls. */
  readonly client: Client<unknown>;
  /** The application's client, when given: its periodic schedules. */
  readonly appClient: Client<unknown> | undefined;
  /** The time the page is rendered at, for ages. */
  readonly now: Date;
}

/** A path under the mount path: `href(ctx, "/jobs")` → `/admin/jobs/jobs`. */
export function href(ctx: Pick<PageContext, "base">, path: string, query?: URLSearchParams | Record<string, string>): string {
  const qs = query === undefined ? "" : new URLSearchParams(query).toString();
  return `${ctx.base}${path}${qs ? `?${qs}` : ""}`;
}
