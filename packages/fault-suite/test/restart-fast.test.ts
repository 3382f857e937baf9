// `pg_ctl restart -m fast` mid-run with the inserter running: nothing committed is lost, nothing run twice outside the restart.
import { afterAll, expect, inject, it } from "vitest";
import { recordReport } from "./support/report-table.js";
import { runScenario, tearDownScenarios } from "./support/scenario.js";
import { sleep } from "./support/sleep.js";

afterAll(tearDownScenarios);

it("pg_ctl restart -m fast mid-run, with an inserting process running", async () => {
  const report = await runScenario({
    name: "pg_ctl restart -m fast mid-run",
    jobs: 5_000,
    insertPerSecond: 250,
    jobMs: 20,
    rescueAfterMs: 6_000,
    drainTimeoutMs: 30_000,
    async fault(f) {
      await sleep(4_000);
      await f.window("restart -m fast", () => f.cluster.restart("fast"));
    },
  });
  recordReport(inject("faultReportDir"), report);
  expect(report.failures).toEqual([]);
});
