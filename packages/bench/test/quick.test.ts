import { testDatabaseUrl } from "@tributary/test-db";
import { describe, expect, it } from "vitest";
import { measureFloor } from "../src/floor/pgbench-floor.js";
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

const GENERIC_SCENARIOS = ["insert-seq", "insert-conc", "bulk", "process-c10", "process-c50", "latency"];

/** Every run of `systems` measured without a problem, and together they covered every generic scenario. */
function expectAllCorrect(report: BenchReport, systems: string[]): void {
  expect(report.systems.filter((s) => s.skipped)).toEqual([]);
  expect(report.failures).toEqual([]);
  const covered = new Set(report.runs.filter((r) => systems.includes(r.system)).map((r) => r.scenario));
  expect([...covered]).toEqual(expect.arrayContaining(GENERIC_SCENARIOS));
  for (const system of systems) {
    const runs = report.runs.filter((r) => r.system === system);
    expect(runs.length, system).toBeGreaterThan(0);
    for (const run of runs) {
      expect(run.error, `${system} ${run.scenario}`).toBeUndefined();
      expect(run.measurement?.problems, `${system} ${run.scenario}`).toEqual([]);
      expect(Number.isFinite(run.measurement?.value), `${system} ${run.scenario}`).toBe(true);
    }
  }
}

describe("pnpm bench --quick", () => {
  it("runs every scenario for Tributary on pg (Node 24 and 20, LISTEN, polling, fetch-ahead, OTel) with each job completed exactly once", async () => {
    const systems = ["tributary-pg", "tributary-pg-node20", "tributary-pg-polling", "tributary-pg-ahead", "tributary-pg-otel"];
    const report = await quickRun(systems);
    expectAllCorrect(report, ["tributary-pg"]);
    expectAllCorrect(report, ["tributary-pg-node20"]);
    expect(report.runs.map((r) => `${r.system}:${r.scenario}`)).toEqual(
      expect.arrayContaining([
        "tributary-pg:insert-tx",
        "tributary-pg-polling:latency",
        "tributary-pg-ahead:process-c10",
        "tributary-pg-ahead:process-c50",
        "tributary-pg-otel:process-c50",
      ]),
    );
    // Each system ran in a child process on the Node it names.
    for (const run of report.runs) {
      expect(run.node, `${run.system}:${run.scenario}`).toMatch(run.system.endsWith("node20") ? /^v20\./ : /^v24\./);
    }
  });

  it("runs every scenario for graphile-worker 0.18 and pg-boss 12 (on Node 24) with each job completed exactly once", async () => {
    const systems = ["graphile-worker", "graphile-worker-batched", "pg-boss", "pg-boss-notify"];
    const report = await quickRun(systems);
    expectAllCorrect(report, ["graphile-worker", "graphile-worker-batched"]);
    expectAllCorrect(report, ["pg-boss"]);
    expect(report.runs.filter((r) => r.system === "graphile-worker-batched").map((r) => r.scenario)).toEqual(["process-c10", "process-c50", "latency"]);
    expect(report.runs.filter((r) => r.system === "pg-boss-notify").map((r) => r.scenario)).toEqual(["latency"]);
    expect(report.systems.find((s) => s.id === "pg-boss")?.config?.c50).toMatchObject({ work: { batchSize: 500, localConcurrency: 5 } });
  });

  it("pgbench runs Tributary's own fetch and complete statements over every pre-loaded job (the processing floor)", async () => {
    const floor = await measureFloor(testDatabaseUrl(), { statements: "tributary", batch: 10, jobs: 2_000 });
    expect(floor).toMatchObject({ statements: "tributary", batch: 10, jobs: 2_000 });
    expect(floor.jobsPerSecond).toBeGreaterThan(0);
  });

  it("pgbench runs the schema's bare state changes over every pre-loaded job (the floor under any River worker)", async () => {
    const floor = await measureFloor(testDatabaseUrl(), { statements: "schema", batch: 500, jobs: 2_000 });
    expect(floor).toMatchObject({ statements: "schema", batch: 500, jobs: 2_000 });
    expect(floor.jobsPerSecond).toBeGreaterThan(0);
  });
});
