// An application's Express server with the Tributary dashboard mounted under /admin/jobs, behind the application's own auth.
import type { Driver } from "@tributary/core";
import { type DashboardAuthorize, dashboard, toNodeHandler } from "@tributary/dashboard";
import express, { type Express } from "express";

export function createApp(options: { driver: Driver<unknown>; schema?: string; authorize: DashboardAuthorize; readOnly?: boolean }): Express {
  const app = express();
  app.get("/", (_req, res) => {
    res.type("text").send("The application's own pages live here; the jobs are at /admin/jobs");
  });

  // The dashboard: one handler, adapted to Node's (req, res) and mounted at its basePath.
  app.use("/admin/jobs", toNodeHandler(dashboard({ ...options, basePath: "/admin/jobs" })));
  return app;
}
