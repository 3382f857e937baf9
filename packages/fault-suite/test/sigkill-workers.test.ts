// SIGKILL of 1 of 3 workers every 5 s for 40 s: the killed workers' jobs are rescued and run again, nothing else twice.
import { afterAll, expect, inject, it } from "vitest";
import { recordReport } from "./support/report-table.js";
import { runScenario, tearDownScenarios } from "./support/scenario.js";
import { sleep } from "./support/sleep.js";

afterAll(tearDownScenarios);

it("SIGKILL of 1 of 3 workers every 5 s for 40 s", async () => {
  const report = await runScenario({
    name: "SIGKILL 1 of 3 workers every 5 s ×8",
    jobs: 5_000,
    insertPerSecond: 125,
    // Handlers long enough that each killed worker holds several running jobs.
    jobMs: 100,
    rescueAfterMs: 4_000,
    drainTimeoutMs: 60_000,
    async fault(f) {
      // On a fixed beat, whatever a replacement's start costs; each kill hits another worker.
      const start = Date.now();
      const replacing: Promise<void>[] = [];
      for (let i = 0; i < 8; i++) {
        await sleep(start + (i + 1) * 5_000 - Date.now());
        replacing.push(f.killAndReplace(i % 3));
      }
      await Promise.all(replacing);
    },
  });
  recordReport(inject("faultReportDir"), report);
  expect(report.failures).toEqual([]);
  // The kills landed on running jobs (else the scenario proved nothing), and those ran again.
  expect(report.runTwiceInCrashWindow).toBeGreaterThan(0);
});
