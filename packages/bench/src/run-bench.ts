import { createBenchDatabase, serverVersion } from "./bench-database.js";
import type { BenchSystem, SystemSpec } from "./bench-system.js";
import type { Progress } from "./progress.js";
import { type BenchSizes, FULL_SIZES, type Measurement, QUICK_SIZES, type Scenario } from "./scenario.js";
import { DEFAULT_SCENARIOS, MEMORY_SCENARIOS } from "./scenarios/all-scenarios.js";
import { type Summary, summarize } from "./stats.js";
import { allSystems } from "./systems/registry.js";

/** Options of one benchmark run. */
export interface BenchOptions {
  /** A database URL on the server to benchmark; each system run gets a fresh database beside it. */
  adminUrl: string;
  /** Tiny counts, one repetition: a correctness smoke run. */
  quick: boolean;
  /** Run the memory scenario instead of the default ones. */
  memory: boolean;
  repetitions: number;
  /** Restrict to these system ids (default: all; memory mode: `tributary-pg`). */
  systems?: readonly string[];
  /** Restrict to these scenario ids. */
  scenarios?: readonly string[];
  /** Poll interval of the polling-only Tributary variant. */
  pollIntervalMs: number;
  progress: Progress;
  /** Per-run wait limit for jobs to finish. */
  timeoutMs?: number;
}

/** One scenario run of one system in one repetition. */
export interface RunRecord {
  scenario: string;
  system: string;
  repetition: number;
  measurement?: Measurement;
  /** Set when the run threw instead of measuring. */
  error?: string;
}

/** A system's outcome: ran, or skipped with the reason. */
export interface SystemStatus {
  id: string;
  label: string;
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
  environment: { node: string; platform: string; cpus: number; postgres: string };
  systems: SystemStatus[];
  scenarios: Array<Pick<Scenario, "id" | "title" | "unit" | "better" | "throughput">>;
  runs: RunRecord[];
  cells: ResultCell[];
  /** Every correctness problem and error, prefixed with scenario/system/repetition. */
  failures: string[];
}

async function loadSystems(
  specs: readonly SystemSpec[],
  progress: Progress,
): Promise<{ loaded: Array<{ spec: SystemSpec; make: () => BenchSystem }>; statuses: SystemStatus[] }> {
  const loaded: Array<{ spec: SystemSpec; make: () => BenchSystem }> = [];
  const statuses: SystemStatus[] = [];
  for (const spec of specs) {
    try {
      const make = await spec.load();
      loaded.push({ spec, make });
      statuses.push({ id: spec.id, label: spec.label });
    } catch (err) {
      const reason = (err as Error).message.split("\n")[0] ?? String(err);
      progress.note(`skipping ${spec.label}: ${reason}`);
      statuses.push({ id: spec.id, label: spec.label, skipped: reason });
    }
  }
  return { loaded, statuses };
}

async function runOne(
  scenario: Scenario,
  make: () => BenchSystem,
  systemId: string,
  options: BenchOptions,
  sizes: BenchSizes,
): Promise<Measurement> {
  const db = await createBenchDatabase(options.adminUrl, systemId);
  const system = make();
  try {
    await system.setup(db.url);
    return await scenario.run({
      system,
      sizes,
      progress: options.progress,
      timeoutMs: options.timeoutMs ?? (options.quick ? 60_000 : 600_000),
    });
  } finally {
    try {
      await system.teardown();
    } finally {
      await db.drop();
    }
  }
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
  const wantSystems = options.systems ?? (options.memory ? ["tributary-pg"] : undefined);
  const specs = allSystems({ pollIntervalMs: options.pollIntervalMs }).filter(
    (s) => !wantSystems || wantSystems.includes(s.id),
  );
  const scenarios = (options.memory ? MEMORY_SCENARIOS : DEFAULT_SCENARIOS).filter(
    (s) => !options.scenarios || options.scenarios.includes(s.id),
  );
  const { progress } = options;
  const { loaded, statuses } = await loadSystems(specs, progress);

  const runs: RunRecord[] = [];
  const failures: string[] = [];
  for (let rep = 1; rep <= repetitions; rep++) {
    for (const scenario of scenarios) {
      for (const { spec, make } of loaded) {
        if (!scenario.appliesTo(spec, make())) continue;
        progress.phase(`rep ${rep}/${repetitions} · ${scenario.title} · ${spec.label}`);
        const record: RunRecord = { scenario: scenario.id, system: spec.id, repetition: rep };
        try {
          record.measurement = await runOne(scenario, make, spec.id, options, sizes);
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
      cpus: (await import("node:os")).cpus().length,
      postgres: await serverVersion(options.adminUrl),
    },
    systems: statuses,
    scenarios: scenarios.map(({ id, title, unit, better, throughput }) => ({ id, title, unit, better, throughput })),
    runs,
    cells,
    failures,
  };
}
