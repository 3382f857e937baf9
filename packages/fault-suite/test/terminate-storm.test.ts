// pg_terminate_backend on every client backend of the workers and the inserter, 5 times a second.
import { afterAll, expect, inject, it } from "vitest";
import { adminQuery } from "./support/admin-connection.js";
import { recordReport } from "./support/report-table.js";
import { runScenario, tearDownScenarios } from "./support/scenario.js";
import { sleep } from "./support/sleep.js";

afterAll(tearDownScenarios);

it("pg_terminate_backend on every client backend 5×/s for 15 s", async () => {
  let terminated = 0;
  const report = await runScenario({
    name: "pg_terminate_backend storm 5×/s for 15 s",
    jobs: 5_000,
    insertPerSecond: 250,
    jobMs: 20,
    rescueAfterMs: 6_000,
    drainTimeoutMs: 30_000,
    async fault(f) {
      await sleep(2_000);
      await f.window("terminate storm", async () => {
        for (let i = 0; i < 75; i++) {
          const [row] = await adminQuery<{ n: number }>(
            f.url,
            "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name LIKE 'fault-worker-%' OR application_name = 'fault-inserter'",
          );
          terminated += row?.n ?? 0;
          await sleep(200);
        }
      });
    },
  });
  recordReport(inject("faultReportDir"), report);
  expect(report.failures).toEqual([]);
  expect(terminated).toBeGreaterThan(75);
});
