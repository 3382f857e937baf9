// Regenerates the README's screenshots (screenshots/overview.png, screenshots/job-detail.png) from seeded jobs in a throwaway schema, in Debian's Chromium, and prints each page's weight.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startTestDatabase } from "@tributary/test-db";
import { createIsolatedSchema } from "@tributary/test-db";
import { startDashboardServer } from "../src/index.js";
import { launchChromium } from "../test/support/browser.js";
import { insertAvailable, insertGoDiscardedJob, openSchema } from "../test/support/seed-jobs.js";

const OUT = join(process.cwd(), "screenshots");

const database = await startTestDatabase();
process.env.TEST_DATABASE_URL = database.url;
const schema = await createIsolatedSchema("dash_shots");
const db = await openSchema(schema.url, schema.name);
try {
  // A plausible hour: three queues, completions and failures spread over the last hour, one paused queue, a Go leader.
  await insertAvailable(db.client, 12, "send_email", "mail");
  await insertAvailable(db.client, 4, "resize_image", "media");
  await db.pool.query(
    `INSERT INTO ${db.table} (state, queue, kind, args, attempt, attempted_at, finalized_at, created_at, scheduled_at, attempted_by)
     SELECT 'completed', (ARRAY['mail','media','payments'])[1 + n % 3], 'send_email', '{}', 1, t, t, t - interval '2 seconds', t - interval '2 seconds', ARRAY['web-1']
     FROM generate_series(1, 900) n, LATERAL (SELECT now() - (n * 3.9 || ' seconds')::interval - (random() * 2 || ' seconds')::interval AS t) x`,
  );
  await db.pool.query(
    `INSERT INTO ${db.table} (state, queue, kind, args, attempt, attempted_at, scheduled_at, errors)
     SELECT 'retryable', 'payments', 'charge_card', '{}', 1, t, now() + interval '30 seconds',
       ARRAY[jsonb_build_object('at', t, 'attempt', 1, 'error', 'timeout', 'trace', '')]
     FROM generate_series(1, 40) n, LATERAL (SELECT now() - (n * 80 || ' seconds')::interval AS t) x`,
  );
  const detailId = await insertGoDiscardedJob(db.pool, db.table);
  await db.client.pauseQueue("media");
  await db.pool.query(`INSERT INTO "${schema.name}".river_leader (leader_id, elected_at, expires_at) VALUES ('go-worker-a', now() - interval '25 minutes', now() + interval '10 seconds')`);

  const server = await startDashboardServer({ driver: db.driver, schema: schema.name, port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    await page.goto(server.url);
    await page.screenshot({ path: join(OUT, "overview.png"), fullPage: true });
    await page.goto(`${server.url}jobs/${detailId}`);
    await page.screenshot({ path: join(OUT, "job-detail.png"), fullPage: true });
    console.log(`wrote ${join(OUT, "overview.png")} and ${join(OUT, "job-detail.png")}`);
    for (const path of ["", "jobs", `jobs/${detailId}`, "assets/dashboard.css", "assets/dashboard.js"]) {
      const body = Buffer.from(await (await fetch(new URL(path, server.url))).arrayBuffer());
      console.log(`${`/${path}`.padEnd(28)} ${String(body.length).padStart(7)} bytes, ${String(gzipSync(body).length).padStart(6)} gzipped`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await db.pool.end();
  await schema.drop();
  await database.stop();
}
