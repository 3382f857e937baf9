// The LISTEN backend of every worker killed 6 times, then again and again while it reconnects: each comes back.
import { afterAll, expect, inject, it } from "vitest";
import { adminQuery } from "./support/admin-connection.js";
import { recordReport } from "./support/report-table.js";
import { runScenario, tearDownScenarios } from "./support/scenario.js";
import { sleep } from "./support/sleep.js";

afterAll(tearDownScenarios);

const LISTENERS = "FROM pg_stat_activity WHERE application_name LIKE 'fault-worker-%' AND query LIKE 'LISTEN%'";

it("the LISTEN backend killed 6 times, and killed again while it is reconnecting", async () => {
  let backAfterMs = Number.NaN;
  const listening = async (url: string) => (await adminQuery<{ n: number }>(url, `SELECT count(*)::int AS n ${LISTENERS}`))[0]!.n;
  const report = await runScenario({
    name: "LISTEN backend killed 6× + while reconnecting",
    jobs: 5_000,
    insertPerSecond: 300,
    jobMs: 20,
    rescueAfterMs: 6_000,
    drainTimeoutMs: 30_000,
    async fault(f) {
      await sleep(1_000);
      await f.window("listener kills", async () => {
        for (let i = 0; i < 6; i++) {
          await adminQuery(f.url, `SELECT pg_terminate_backend(pid) ${LISTENERS}`);
          await sleep(1_000);
        }
        // Again while it reconnects: every 20 ms for 1.5 s, so a listener caught among its LISTENs dies too.
        for (let i = 0; i < 75; i++) {
          await adminQuery(f.url, `SELECT pg_terminate_backend(pid) ${LISTENERS}`);
          await sleep(20);
        }
      });
      const killedAt = Date.now();
      while ((await listening(f.url)) < 3 && Date.now() - killedAt < 30_000) await sleep(50);
      backAfterMs = Date.now() - killedAt;
    },
  });
  recordReport(inject("faultReportDir"), report);
  console.log(`all 3 listeners LISTENing again ${backAfterMs} ms after the last kill`);
  expect(report.failures).toEqual([]);
  expect(backAfterMs).toBeLessThan(30_000);
});
