// The `pg_ctl restart` scenario both restart modes run: 5,000 jobs, the server restarted 4 s in, the inserter running.
import { expect, inject } from "vitest";
import { recordReport } from "./report-table.js";
import { runScenario } from "./scenario.js";
import { sleep } from "./sleep.js";

/**
 * Restarts the server mid-run with `mode` and asserts the suite's checks. `-m immediate` is a
 * crash: the last asynchronously committed outcomes (asyncCommit, core's default) may be forgotten,
 * so its window lets runs whose outcome committed up to 1 s before it count as in the crash window.
 */
export async function restartMidRun(mode: "fast" | "immediate"): Promise<void> {
  const report = await runScenario({
    name: `pg_ctl restart -m ${mode} mid-run`,
    jobs: 5_000,
    insertPerSecond: 250,
    jobMs: 20,
    rescueAfterMs: 6_000,
    drainTimeoutMs: 30_000,
    async fault(f) {
      await sleep(4_000);
      await f.window(`restart -m ${mode}`, () => f.cluster.restart(mode), mode === "immediate" ? { forgetsCommitsForMs: 1_000 } : {});
    },
  });
  recordReport(inject("faultReportDir"), report);
  expect(report.failures).toEqual([]);
}
