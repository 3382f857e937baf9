// An application's Hono server with the Tributary dashboard mounted under /admin/jobs, behind the application's own auth.
import type { Driver } from "@tributary/core";
import { type DashboardAuthorize, dashboard } from "@tributary/dashboard";
import { Hono } from "hono";

export function createApp(options: { driver: Driver<unknown>; schema?: string; authorize: DashboardAuthorize; readOnly?: boolean }) {
  const app = new Hono();
  app.get("/", (c) => c.text("The application's own pages live here; the jobs are at /admin/jobs"));

  // The dashboard: one handler, mounted at its basePath (and everything under it).
  const jobs = dashboard({ ...options, basePath: "/admin/jobs" });
  app.all("/admin/jobs", (c) => jobs(c.req.raw));
  app.all("/admin/jobs/*", (c) => jobs(c.req.raw));
  return app;
}
