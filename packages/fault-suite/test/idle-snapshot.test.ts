// An idle transaction holding a snapshot for 30 s (vacuum cannot clean behind it): the queue keeps working.
import pg from "pg";
import { afterAll, expect, inject, it } from "vitest";
import { recordReport } from "./support/report-table.js";
import { runScenario, tearDownScenarios } from "./support/scenario.js";
import { sleep } from "./support/sleep.js";

afterAll(tearDownScenarios);

it("an idle transaction holding a snapshot for 30 s", async () => {
  const report = await runScenario({
    name: "idle transaction holding a snapshot 30 s",
    jobs: 5_000,
    insertPerSecond: 150,
    jobMs: 20,
    rescueAfterMs: 6_000,
    drainTimeoutMs: 30_000,
    async fault(f) {
      await sleep(1_000);
      const c = new pg.Client({ connectionString: f.url, application_name: "fault-snapshot" });
      c.on("error", () => {});
      await c.connect();
      try {
        await f.window("snapshot held", async () => {
          await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
          await c.query("SELECT count(*) FROM faults.river_job");
          await sleep(30_000);
          await c.query("COMMIT");
        });
      } finally {
        await c.end().catch(() => {});
      }
    },
  });
  recordReport(inject("faultReportDir"), report);
  expect(report.failures).toEqual([]);
});
