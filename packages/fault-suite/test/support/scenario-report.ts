// What a scenario measured, and which of the suite's promises it broke.
import type { WorkerStopReport } from "./fixture-process.js";
import type { JobRun } from "./run-log.js";

/** A stretch of time during which the server or connections were faulted (an outcome commit may be lost). */
export interface FaultWindow {
  label: string;
  start: number;
  end: number;
  /**
   * A crash of the server (`-m immediate`) forgets the commits of its last moments that were
   * made with `synchronous_commit = off` (core's `asyncCommit`, on by default): outcomes seen
   * committed up to this long before the window count as inside it.
   */
  forgetsCommitsForMs?: number;
}

/** The row a scenario adds to the suite's table. */
export interface ScenarioReport {
  scenario: string;
  committed: number;
  lost: number;
  runTwice: number;
  /** Jobs run twice whose earlier run was inside a crash window. */
  runTwiceInCrashWindow: number;
  leaked: number;
  /** Slowest `stop()` / its deadline, ms. */
  slowestStopMs: number;
  stopTimeoutMs: number;
  /**
   * From the end of the last fault until every job that had started before it is completed
   * (its in-flight work recorded or rescued and run again), ms; null when one never completed.
   */
  recoverMs: number | null;
  unrecorded: number;
  seconds: number;
  /** The promises broken; empty when the scenario passed. */
  failures: string[];
}

export interface ScenarioFacts {
  scenario: string;
  /** Every `args.n` known committed (acknowledged, or found in the table). */
  committed: Set<number>;
  /** `args.n` of the jobs `completed` at the end. */
  completed: Set<number>;
  runs: Map<string, JobRun[]>;
  /** Client ids of the worker processes that were SIGKILLed. */
  killed: Set<string>;
  windows: FaultWindow[];
  /** One per worker alive at the end; null when it did not report (its stop hung). */
  stops: (WorkerStopReport | null)[];
  stopTimeoutMs: number;
  seconds: number;
}

/** Grace beyond `stop()`'s deadline for what follows the running jobs (last batch, resign, listener). */
const STOP_GRACE_MS = 1_000;

/**
 * A duplicate is explained only by a crash window: the earlier run's process was killed
 * before its outcome was committed, or its outcome was never seen committed and a server
 * fault overlapped the time between that run's start and the next run's start, or its
 * outcome was committed asynchronously just before a server crash that forgot it.
 */
function inCrashWindow(run: JobRun, next: JobRun, facts: ScenarioFacts): boolean {
  const completedAt = run.completedAt;
  if (completedAt !== undefined) {
    return facts.windows.some((w) => w.forgetsCommitsForMs !== undefined && completedAt >= w.start - w.forgetsCommitsForMs && completedAt <= w.end);
  }
  if (facts.killed.has(run.clientId)) return true;
  return facts.windows.some((w) => w.start <= next.startedAt && w.end >= run.startedAt);
}

export function scenarioReport(facts: ScenarioFacts): ScenarioReport {
  const lost = [...facts.committed].filter((n) => !facts.completed.has(n)).length;
  let runTwice = 0;
  let explained = 0;
  const unexplained: JobRun[][] = [];
  for (const runs of facts.runs.values()) {
    if (runs.length < 2) continue;
    runTwice++;
    if (runs.slice(0, -1).every((run, i) => inCrashWindow(run, runs[i + 1]!, facts))) explained++;
    else unexplained.push(runs);
  }
  const reports = facts.stops.filter((s): s is WorkerStopReport => s !== null);
  const leaked = reports.reduce((sum, s) => sum + s.checkedOut, 0);
  const slowestStopMs = Math.max(0, ...reports.map((s) => s.stopMs));
  const lastFaultEnd = Math.max(...facts.windows.map((w) => w.end));
  const startedBefore = [...facts.runs.values()].filter((runs) => runs[0]!.startedAt < lastFaultEnd);
  const doneAt = startedBefore.map((runs) => runs.at(-1)!.completedAt ?? Number.NaN);
  const recoverMs = doneAt.some(Number.isNaN) ? null : Math.max(0, ...doneAt.map((t) => t - lastFaultEnd));
  const failures: string[] = [];
  if (lost > 0) failures.push(`${lost} committed jobs not completed`);
  if (runTwice > explained) {
    failures.push(`${runTwice - explained} jobs run twice outside a crash window`);
    const t0 = Math.min(...facts.windows.map((w) => w.start));
    const at = (t: number | undefined) => (t === undefined ? "-" : `${t - t0}`);
    const shown = unexplained.slice(0, 3).map((runs) => `job ${runs[0]!.jobId}: ${runs.map((r) => `[${r.clientId} attempt ${r.attempt} start ${at(r.startedAt)} end ${at(r.endedAt)} completed ${at(r.completedAt)}]`).join(" ")}`);
    console.log(`runs outside a crash window (ms from the first fault):\n${shown.join("\n")}`);
  }
  if (leaked > 0) failures.push(`${leaked} pool connections leaked`);
  const hung = facts.stops.filter((s) => s === null).length;
  if (hung > 0) failures.push(`${hung} workers did not finish stop()`);
  if (reports.some((s) => !s.poolEnded)) failures.push("a worker's pool.end() did not resolve");
  if (slowestStopMs > facts.stopTimeoutMs + STOP_GRACE_MS) failures.push(`stop() took ${slowestStopMs} ms (deadline ${facts.stopTimeoutMs} ms)`);
  return {
    scenario: facts.scenario,
    committed: facts.committed.size,
    lost,
    runTwice,
    runTwiceInCrashWindow: explained,
    leaked,
    slowestStopMs,
    stopTimeoutMs: facts.stopTimeoutMs,
    recoverMs,
    unrecorded: reports.reduce((sum, s) => sum + s.unrecorded, 0),
    seconds: facts.seconds,
    failures,
  };
}
