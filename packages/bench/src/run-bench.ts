import { readFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { serverVersion } from "./bench-database.js";
import type { SystemSpec } from "./bench-system.js";
import { runInChild } from "./child/run-in-child.js";
import { AUTO_FETCH_BATCH, type FloorRecord, type FloorStatements, measureFloor } from "./floor/pgbench-floor.js";
import { nodeBinary, nodeVersion } from "./node-runtimes.js";
import type { Progress } from "./progress.js";
import { type BenchSizes, FULL_SIZES, type Measurement, QUICK_SIZES, type Scenario } from "./scenario.js";
import { DEFAULT_SCENARIOS, MEMORY_SCENARIOS } from "./scenarios/all-scenarios.js";
import { type Summary, summarize } from "./stats.js";
import { allSystems, MEMORY_SYSTEMS } from "./systems/registry.js";

/** Options of one benchmark run. */
export interface BenchOptions {
  /** A database URL on the server to benchmark; each system run gets a fresh database beside it. */
  adminUrl: string;
  /** Tiny counts, one repetition: a correctness smoke run. */
  quick: boolean;
  /** Run the memory scenario instead of the default ones. */
  memory: boolean;
  repetitions: number;
  /** Restrict to these system ids (default: all; memory mode: MEMORY_SYSTEMS). */
  systems?: readonly string[];
  /** Restrict to these scenario ids. */
  scenarios?: readonly string[];
  /** Poll interval of the polling-only Tributary variant. */
  pollIntervalMs: number;
  progress: Progress;
  /** Per-run wait limit for jobs to finish. */
  timeoutMs?: number;
  /** Extra Node flags for every child process (e.g. `--cpu-prof`). */
  childExecArgv?: readonly string[];
  /** Measure the pgbench floor of Tributary's fetch+complete statements (default: in full runs). */
  floor?: boolean;
}

/** One scenario run of one system in one repetition. */
export interface RunRecord {
  scenario: string;
  system: string;
  repetition: number;
  measurement?: Measurement;
  /** The Node version the run's child process ran on. */
  node?: string;
  /** CPU time (user + system) of the run's child process, in milliseconds. */
  cpuMs?: number;
  /** Set when the run threw instead of measuring. */
  error?: string;
}

/** A system's outcome: ran, or skipped with the reason. */
export interface SystemStatus {
  id: string;
  label: string;
  /** The Node version the system ran on. */
  node?: string;
  /** The system's exact configuration at each processing concurrency. */
  config?: Record<string, Record<string, unknown>>;
  skipped?: string;
}

/** Median/min/max of one scenario × system over the repetitions. */
export interface ResultCell {
  scenario: string;
  system: string;
  summary: Summary;
  /** Medians of the extra figures (p95, p99, …). */
  extra: Record<string, number>;
}

/** Everything a run produced: what the table, the chart and the JSON file are made from. */
export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  mode: "full" | "quick" | "memory";
  repetitions: number;
  sizes: BenchSizes;
  environment: {
    /** The Node of the harness process; each system's own is in `systems[].node`. */
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    postgres: string;
    /** The peers' package versions. */
    versions: Record<string, string>;
    /** `os.loadavg()` (1, 5, 15 min) when the run started and when it finished: how shared the machine was. */
    loadAverageStart: number[];
    loadAverageEnd: number[];
  };
  systems: SystemStatus[];
  /** pgbench runs of Tributary's own fetch+complete statements, per concurrency (the processing ceiling). */
  floors: FloorRecord[];
  scenarios: Array<Pick<Scenario, "id" | "title" | "unit" | "better" | "throughput">>;
  runs: RunRecord[];
  cells: ResultCell[];
  /** Every correctness problem and error, prefixed with scenario/system/repetition. */
  failures: string[];
}

/** graphile-worker's and pg-boss's installed versions, read from their package.json. */
async function peerVersions(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of ["graphile-worker", "pg-boss"]) {
    const file = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
    out[name] = (JSON.parse(await readFile(file, "utf8")) as { version: string }).version;
  }
  return out;
}

/** The Node binary of every system whose Node is there; the others are skipped with the reason. */
function resolveSystems(specs: readonly SystemSpec[], progress: Progress): { loaded: Array<{ spec: SystemSpec; node: string }>; statuses: SystemStatus[] } {
  const loaded: Array<{ spec: SystemSpec; node: string }> = [];
  const statuses: SystemStatus[] = [];
  for (const spec of specs) {
    const config = spec.config ? { c10: spec.config(10), c50: spec.config(50) } : undefined;
    try {
      const node = nodeBinary(spec.node);
      loaded.push({ spec, node });
      statuses.push({ id: spec.id, label: spec.label, node: nodeVersion(node), ...(config ? { config } : {}) });
    } catch (err) {
      const reason = (err as Error).message;
      progress.note(`skipping ${spec.label}: ${reason}`);
      statuses.push({ id: spec.id, label: spec.label, skipped: reason });
    }
  }
  return { loaded, statuses };
}

function extrasMedian(measurements: readonly Measurement[]): Record<string, number> {
  const keys = new Set(measurements.flatMap((m) => Object.keys(m.extra ?? {})));
  const out: Record<string, number> = {};
  for (const key of keys) {
    out[key] = summarize(measurements.map((m) => m.extra?.[key]).filter((v): v is number => v !== undefined)).median;
  }
  return out;
}

/**
 * Runs every selected scenario for every selected system, `repetitions` times, alternating
 * systems within each repetition (A B C, A B C…) so slow drift of the shared machine spreads
 * over all of them. Each run gets a database of its own.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const sizes = options.quick ? QUICK_SIZES : FULL_SIZES;
  const repetitions = options.quick ? 1 : options.repetitions;
  const wantSystems = options.systems ?? (options.memory ? MEMORY_SYSTEMS : undefined);
  const scenarios = (options.memory ? MEMORY_SCENARIOS : DEFAULT_SCENARIOS).filter(
    (s) => !options.scenarios || options.scenarios.includes(s.id),
  );
  // A system none of the run's scenarios applies to (the heap-capped one outside --memory) is not in the report.
  const specs = allSystems({ pollIntervalMs: options.pollIntervalMs }).filter(
    (spec) => (!wantSystems || wantSystems.includes(spec.id)) && scenarios.some((s) => s.appliesTo(spec)),
  );
  const { progress } = options;
  const { loaded, statuses } = resolveSystems(specs, progress);
  const loadAverageStart = os.loadavg();
  const timeoutMs = options.timeoutMs ?? (options.quick ? 60_000 : 600_000);

  const runs: RunRecord[] = [];
  const failures: string[] = [];
  const floors: FloorRecord[] = [];
  for (let rep = 1; rep <= repetitions; rep++) {
    for (const scenario of scenarios) {
      for (const { spec, node } of loaded) {
        if (!scenario.appliesTo(spec)) continue;
        progress.phase(`rep ${rep}/${repetitions} · ${scenario.title} · ${spec.label}`);
        const record: RunRecord = { scenario: scenario.id, system: spec.id, repetition: rep };
        try {
          const result = await runInChild(
            node,
            { scenario: scenario.id, system: spec.id, adminUrl: options.adminUrl, sizes, pollIntervalMs: options.pollIntervalMs, timeoutMs },
            progress,
            [...(spec.nodeFlags ?? []), ...(options.childExecArgv ?? [])],
          );
          record.measurement = result.measurement;
          record.node = result.node;
          record.cpuMs = result.cpuMs;
          for (const problem of record.measurement.problems) {
            failures.push(`${scenario.id} / ${spec.id} / rep ${rep}: ${problem}`);
          }
        } catch (err) {
          record.error = (err as Error).stack ?? String(err);
          failures.push(`${scenario.id} / ${spec.id} / rep ${rep}: ${(err as Error).message}`);
        }
        if (record.error || record.measurement?.problems.length) {
          progress.note(`✗ ${failures[failures.length - 1]}`);
        }
        runs.push(record);
      }
    }
    if ((options.floor ?? (!options.quick && !options.memory)) && scenarios.some((s) => s.id.startsWith("process-c"))) {
      // The worker's statements at each concurrency's own batch and at auto's batch, and the
      // schema's bare minimum at auto's batch: the ceilings the processing rows sit under.
      const floorRuns: Array<{ statements: FloorStatements; batch: number }> = [
        ...[10, 50].filter((c) => scenarios.some((s) => s.id === `process-c${c}`)).map((batch) => ({ statements: "tributary" as const, batch })),
        { statements: "tributary", batch: AUTO_FETCH_BATCH },
        { statements: "schema", batch: AUTO_FETCH_BATCH },
      ];
      for (const floor of floorRuns) {
        progress.phase(`rep ${rep}/${repetitions} · pgbench floor, ${floor.statements} statements, ${floor.batch} per fetch`);
        try {
          floors.push({ ...(await measureFloor(options.adminUrl, { ...floor, jobs: sizes.process })), repetition: rep });
        } catch (err) {
          failures.push(`floor ${floor.statements}/${floor.batch} / rep ${rep}: ${(err as Error).message}`);
          progress.note(`✗ ${failures[failures.length - 1]}`);
        }
      }
    }
  }
  progress.done();

  const cells: ResultCell[] = [];
  for (const scenario of scenarios) {
    for (const { spec } of loaded) {
      const ok = runs
        .filter((r) => r.scenario === scenario.id && r.system === spec.id && r.measurement)
        .map((r) => r.measurement!)
        .filter((m) => Number.isFinite(m.value));
      if (ok.length === 0) continue;
      cells.push({
        scenario: scenario.id,
        system: spec.id,
        summary: summarize(ok.map((m) => m.value)),
        extra: extrasMedian(ok),
      });
    }
  }

  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode: options.memory ? "memory" : options.quick ? "quick" : "full",
    repetitions,
    sizes,
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      postgres: await serverVersion(options.adminUrl),
      versions: await peerVersions(),
      loadAverageStart,
      loadAverageEnd: os.loadavg(),
    },
    systems: statuses,
    floors,
    scenarios: scenarios.map(({ id, title, unit, better, throughput }) => ({ id, title, unit, better, throughput })),
    runs,
    cells,
    failures,
  };
}
