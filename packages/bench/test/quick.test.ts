import { testDatabaseUrl } from "@tributary/test-db";
import { describe, expect, it } from "vitest";
import { quietProgress } from "../src/progress.js";
import { type BenchReport, runBench } from "../src/run-bench.js";

// Correctness only: timings on a shared CI machine prove nothing.
async function quickRun(systems: string[]): Promise<BenchReport> {
  return runBench({
    adminUrl: testDatabaseUrl(),
    quick: true,
    memory: false,
    repetitions: 1,
    systems,
    pollIntervalMs: 200,
    progress: quietProgress,
  });
}

function expectAllCorrect(report: BenchReport, systems: string[]): void {
  expect(report.systems.filter((s) => s.skipped)).toEqual([]);
  expect(report.failures).toEqual([]);
  for (const system of systems) {
    const runs = report.runs.filter((r) => r.system === system);
    // insert-seq, insert-conc, bulk, process-c10, process-c50, latency at least.
    expect(runs.length, system).toBeGreaterThanOrEqual(6);
    for (const run of runs) {
      expect(run.error, `${system} ${run.scenario}`).toBeUndefined();
      expect(run.measurement?.problems, `${system} ${run.scenario}`).toEqual([]);
      expect(Number.isFinite(run.measurement?.value), `${system} ${run.scenario}`).toBe(true);
    }
  }
}

describe("pnpm bench --quick", () => {
  it("runs every scenario for Tributary on pg (LISTEN, polling, fetch-ahead) with each job completed exactly once", async () => {
    const systems = ["tributary-pg", "tributary-pg-polling", "tributary-pg-ahead"];
    const report = await quickRun(systems);
    expectAllCorrect(report, ["tributary-pg"]);
    expect(report.runs.map((r) => `${r.system}:${r.scenario}`)).toEqual(
      expect.arrayContaining(["tributary-pg:insert-tx", "tributary-pg-polling:latency", "tributary-pg-ahead:process-c10", "tributary-pg-ahead:process-c50"]),
    );
    for (const run of report.runs.filter((r) => r.system === "tributary-pg-ahead")) {
      expect(run.measurement?.problems, run.scenario).toEqual([]);
    }
    expect(report.failures).toEqual([]);
  });

  it("runs every scenario for graphile-worker and pg-boss with each job completed exactly once", async () => {
    const systems = ["graphile-worker", "pg-boss"];
    const report = await quickRun(systems);
    expectAllCorrect(report, systems);
  });
});
