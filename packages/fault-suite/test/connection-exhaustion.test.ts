// All but 3 free connection slots held by another client for 20 s, a worker booting meanwhile: all carry on, leak nothing, and listen again.
import pg from "pg";
import { afterAll, expect, inject, it } from "vitest";
import { adminQuery } from "./support/admin-connection.js";
import { recordReport } from "./support/report-table.js";
import { runScenario, tearDownScenarios } from "./support/scenario.js";
import { sleep } from "./support/sleep.js";

afterAll(tearDownScenarios);

const MAX_CONNECTIONS = 40;
const listening = async (url: string) =>
  (await adminQuery<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'fault-worker-%' AND query LIKE 'LISTEN%'"))[0]!.n;

it("all but 3 connections held by another client for 20 s", async () => {
  let held = 0;
  let listeningAfterMs = Number.NaN;
  const report = await runScenario({
    name: "all but 3 connections held for 20 s",
    jobs: 5_000,
    insertPerSecond: 200,
    jobMs: 20,
    rescueAfterMs: 6_000,
    maxConnections: MAX_CONNECTIONS,
    drainTimeoutMs: 30_000,
    async fault(f) {
      await sleep(2_000);
      const holders: pg.Client[] = [];
      try {
        await f.window("connections held", async () => {
          const [row] = await adminQuery<{ n: number }>(f.url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'");
          // The admin connection that counted is gone again, so the count includes one slot that is free now.
          const free = MAX_CONNECTIONS - (row!.n - 1);
          for (let i = 0; i < free - 3; i++) {
            const c = new pg.Client({ connectionString: f.url, application_name: "fault-holder", connectionTimeoutMillis: 5_000 });
            c.on("error", () => {});
            try {
              await c.connect();
              holders.push(c);
            } catch {
              break;
            }
          }
          held = holders.length;
          await sleep(2_000);
          // A worker that boots now may find no connection for its LISTEN: it must keep trying.
          await f.killAndReplace(0);
          await sleep(18_000);
        });
      } finally {
        await Promise.all(holders.map((c) => c.end().catch(() => {})));
      }
      const releasedAt = Date.now();
      while ((await listening(f.url)) < 3 && Date.now() - releasedAt < 20_000) await sleep(50);
      listeningAfterMs = Date.now() - releasedAt;
    },
  });
  recordReport(inject("faultReportDir"), report);
  console.log(`held ${held} of ${MAX_CONNECTIONS} connections; all 3 workers LISTENing ${listeningAfterMs} ms after they were released`);
  expect(report.failures).toEqual([]);
  expect(listeningAfterMs).toBeLessThan(20_000);
  expect(held).toBeGreaterThan(10);
});
