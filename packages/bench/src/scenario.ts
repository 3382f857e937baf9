import type { BenchSystem } from "./bench-system.js";
import type { Progress } from "./progress.js";

/** Job counts of one benchmark run; `quick` shrinks them to a smoke test. */
export interface BenchSizes {
  insertSequential: number;
  insertConcurrent: number;
  insertConcurrentCallers: number;
  bulkTotal: number;
  bulkBatch: number;
  process: number;
  latencyJobs: number;
  latencyGapMs: number;
  latencyWorkers: number;
  insertTx: number;
  memoryJobs: number;
  memoryConcurrency: number;
}

export const FULL_SIZES: BenchSizes = Object.freeze({
  insertSequential: 5_000,
  insertConcurrent: 10_000,
  insertConcurrentCallers: 8,
  bulkTotal: 100_000,
  bulkBatch: 1_000,
  process: 60_000,
  latencyJobs: 500,
  latencyGapMs: 10,
  latencyWorkers: 10,
  insertTx: 3_000,
  memoryJobs: 1_000_000,
  memoryConcurrency: 50,
});

export const QUICK_SIZES: BenchSizes = Object.freeze({
  insertSequential: 200,
  insertConcurrent: 200,
  insertConcurrentCallers: 8,
  bulkTotal: 2_000,
  bulkBatch: 200,
  process: 1_000,
  latencyJobs: 50,
  latencyGapMs: 10,
  latencyWorkers: 10,
  insertTx: 100,
  memoryJobs: 5_000,
  memoryConcurrency: 50,
});

/** What one scenario run measured. */
export interface Measurement {
  /** The headline figure, in the scenario's unit. */
  value: number;
  /** Further figures (percentiles, baselines, counts), by name. */
  extra?: Record<string, number>;
  /** Correctness problems found (lost or duplicated jobs, wrong counts). Empty = correct. */
  problems: string[];
}

/** What a scenario gets to run with. */
export interface ScenarioContext {
  system: BenchSystem;
  sizes: BenchSizes;
  progress: Progress;
  /** Give up waiting for jobs after this many milliseconds. */
  timeoutMs: number;
}

/** One measurement the harness runs against every system that takes part. */
export interface Scenario {
  id: string;
  title: string;
  unit: string;
  better: "higher" | "lower";
  /** Drawn in the throughput chart. */
  throughput: boolean;
  /** Runs only for systems that list it (or that implement what it needs). */
  appliesTo(system: { id: string; scenarios?: readonly string[]; transactional?: boolean }): boolean;
  run(ctx: ScenarioContext): Promise<Measurement>;
}

/** The rate of `count` operations in `ms` milliseconds, per second. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}

/** Default applicability: every system, unless the system limits itself to a list. */
export function generic(id: string) {
  return (system: { scenarios?: readonly string[] }): boolean => system.scenarios?.includes(id) ?? true;
}
