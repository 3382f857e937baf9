// Runs the Hono example: DATABASE_URL, ADMIN_PASSWORD, optional DATABASE_SCHEMA, PORT (0 = any free port), DASHBOARD_READ_ONLY=1.
import { serve } from "@hono/node-server";
import { migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { adminOnly } from "./admin-auth.js";
import { createApp } from "./app.js";

const { DATABASE_URL, ADMIN_PASSWORD, DATABASE_SCHEMA: schema, PORT = "3000", DASHBOARD_READ_ONLY } = process.env;
if (!DATABASE_URL || !ADMIN_PASSWORD) throw new Error("set DATABASE_URL and ADMIN_PASSWORD");

const pool = new pg.Pool({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5_000 });
const driver = pgDriver(pool);
await migrate(driver, { schema });
const app = createApp({ driver, schema, authorize: adminOnly(ADMIN_PASSWORD), readOnly: DASHBOARD_READ_ONLY === "1" });
const server = serve({ fetch: app.fetch, port: Number(PORT), hostname: "127.0.0.1" }, (info) => {
  console.log(`dashboard at http://127.0.0.1:${info.port}/admin/jobs/`);
});
process.on("SIGTERM", () => server.close(() => void pool.end()));
