/**
 * A 12 s outage (server stopped) while handlers finish: their outcomes are recorded once the
 * server is back, not left to the rescuer (one hour here, as by default). The negative
 * control runs the same outage against the old five-retry completer (emulated by its
 * driver, see fixtures/five-retry-outcomes.ts) and must break the suite's promises.
 */
import { afterAll, expect, inject, it } from "vitest";
import { recordReport } from "./support/report-table.js";
import { runScenario, type ScenarioSpec, tearDownScenarios } from "./support/scenario.js";
import { sleep } from "./support/sleep.js";

afterAll(tearDownScenarios);

const outage = (name: string, workerEnv: Record<string, string>, drainTimeoutMs: number): ScenarioSpec => ({
  name,
  jobs: 5_000,
  insertPerSecond: 250,
  // Long handlers, many at once: about 300 are running when the server stops and finish during the outage.
  jobMs: 1_000,
  maxWorkers: 100,
  rescueAfterMs: 3_600_000,
  workerEnv,
  drainTimeoutMs,
  async fault(f) {
    await sleep(4_000);
    await f.window("server stopped 12 s", async () => {
      await f.cluster.stopServer();
      await sleep(12_000);
      await f.cluster.start();
    });
  },
});

it("a 12 s outage while handlers finish: outcomes recorded after recovery", async () => {
  const report = await runScenario(outage("12 s outage while handlers finish", {}, 40_000));
  recordReport(inject("faultReportDir"), report);
  expect(report.failures).toEqual([]);
  expect(report.runTwice).toBe(0);
});

it("negative control: the same outage with the old five-retry completer fails the suite", async () => {
  const report = await runScenario(outage("NEGATIVE CONTROL: 12 s outage, five-retry completer", { FIVE_RETRY_OUTCOMES: "1" }, 15_000));
  recordReport(inject("faultReportDir"), report);
  expect(report.lost).toBeGreaterThan(0);
  expect(report.failures).toContain(`${report.lost} committed jobs not completed`);
});
