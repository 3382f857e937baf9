// `pg_ctl restart -m immediate` mid-run with the inserter running: nothing committed is lost, nothing run twice outside the restart.
import { afterAll, expect, inject, it } from "vitest";
import { recordReport } from "./support/report-table.js";
import { runScenario, tearDownScenarios } from "./support/scenario.js";
import { sleep } from "./support/sleep.js";

afterAll(tearDownScenarios);

it("pg_ctl restart -m immediate mid-run, with an inserting process running", async () => {
  const report = await runScenario({
    name: "pg_ctl restart -m immediate mid-run",
    jobs: 5_000,
    insertPerSecond: 250,
    jobMs: 20,
    rescueAfterMs: 6_000,
    drainTimeoutMs: 30_000,
    async fault(f) {
      await sleep(4_000);
      // A crash: the last asynchronously committed outcomes (asyncCommit, core's default) may be forgotten.
      await f.window("restart -m immediate", () => f.cluster.restart("immediate"), { forgetsCommitsForMs: 1_000 });
    },
  });
  recordReport(inject("faultReportDir"), report);
  expect(report.failures).toEqual([]);
});
