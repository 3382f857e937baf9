// Runs one fault scenario on a private cluster: 3 workers and an inserter, the fault, the drain, the stops.
import { type PrivateCluster, startPrivateCluster } from "@tributary/test-db";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { adminQuery, adminQueryRetrying } from "./admin-connection.js";
import { type FixtureProcess, isRunning, kill, startFixture, stopWorker, waitForOutput } from "./fixture-process.js";
import { readAcknowledged, readRuns } from "./run-log.js";
import { sleep } from "./sleep.js";
import { type FaultWindow, type ScenarioReport, scenarioReport } from "./scenario-report.js";

const SCHEMA = "faults";
const WORKERS = 3;

/** What a scenario's fault may do while the workers and the inserter run. */
export interface FaultControls {
  readonly cluster: PrivateCluster;
  /** The scenario database's URL (for `adminQuery`). */
  readonly url: string;
  /** Runs `fn` and records its span as a server-side fault window (see FaultWindow for `forgetsCommitsForMs`). */
  window<T>(label: string, fn: () => Promise<T>, options?: { forgetsCommitsForMs?: number }): Promise<T>;
  /** The worker processes now running (replacements included). */
  workers(): readonly FixtureProcess[];
  /**
   * SIGKILLs worker `index` (once it is running a job, waiting at most 2 s for one, so the
   * kill has work to interrupt) and starts a replacement with a new client id.
   */
  killAndReplace(index: number): Promise<void>;
}

export interface ScenarioSpec {
  name: string;
  jobs: number;
  insertPerSecond: number;
  /** How long each handler runs. */
  jobMs: number;
  /** The workers' `rescueStuckJobsAfter` (and their job timeout is half of it, capped at 60 s). */
  rescueAfterMs: number;
  stopTimeoutMs?: number;
  /** Each worker's `maxWorkers` on the default queue (default 10). */
  maxWorkers?: number;
  maxConnections?: number;
  /** Extra environment of the workers (the negative control's driver). */
  workerEnv?: Record<string, string>;
  /** How long, after the inserter is done, the committed jobs get to complete. */
  drainTimeoutMs: number;
  fault(f: FaultControls): Promise<void>;
}


/** Waits (at most `timeoutMs`) until the run log shows a handler started and not yet ended. */
async function busy(runLog: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = existsSync(runLog) ? readFileSync(runLog, "utf8").split("\n") : [];
    if (lines.filter((l) => l.startsWith("S ")).length > lines.filter((l) => l.startsWith("E ")).length) return;
    await sleep(10);
  }
}

/** Tear-downs of the scenarios still running (a test that timed out leaves its scenario running). */
const running = new Set<() => Promise<void>>();

/** For `afterAll`: kills the processes and destroys the clusters of scenarios still running. */
export async function tearDownScenarios(): Promise<void> {
  await Promise.all([...running].map((tearDown) => tearDown()));
}

/** Runs the scenario and reports it; the cluster and every process are gone when it returns or throws. */
export async function runScenario(spec: ScenarioSpec): Promise<ScenarioReport> {
  const began = Date.now();
  const phase = (what: string) => console.log(`${spec.name}: ${what} at ${((Date.now() - began) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), "tributary-fault-run-"));
  const cluster = await startPrivateCluster({ maxConnections: spec.maxConnections ?? 60, dirPrefix: "tributary-faults-" });
  const processes: FixtureProcess[] = [];
  let tornDown: Promise<void> | undefined;
  const tearDown = () => {
    tornDown ??= (async () => {
      await Promise.all(processes.filter(isRunning).map(kill));
      await cluster.destroy();
      rmSync(dir, { recursive: true, force: true });
    })();
    return tornDown;
  };
  running.add(tearDown);
  try {
    const url = cluster.url;
    await adminQuery(url, `CREATE SCHEMA ${SCHEMA}`);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await migrate(pgDriver(pool), { schema: SCHEMA }).finally(() => pool.end());

    const stopTimeoutMs = spec.stopTimeoutMs ?? 10_000;
    const base = { DATABASE_URL: url, SCHEMA };
    let nextId = 0;
    const startWorker = () => {
      const id = `fault-worker-${nextId++}`;
      return startFixture("fault-worker.ts", id, {
        ...base,
        ...spec.workerEnv,
        RUN_LOG: join(dir, `runs-${id}.log`),
        JOB_MS: String(spec.jobMs),
        MAX_WORKERS: String(spec.maxWorkers ?? 10),
        RESCUE_AFTER_MS: String(spec.rescueAfterMs),
        JOB_TIMEOUT_MS: String(Math.min(60_000, Math.floor(spec.rescueAfterMs / 2))),
        STOP_TIMEOUT_MS: String(stopTimeoutMs),
      });
    };
    const workers = await Promise.all(Array.from({ length: WORKERS }, startWorker));
    processes.push(...workers);
    const ackLog = join(dir, "acknowledged.log");
    const inserter = await startFixture("inserter.ts", "fault-inserter", {
      ...base,
      ACK_LOG: ackLog,
      JOBS: String(spec.jobs),
      INSERT_PER_SECOND: String(spec.insertPerSecond),
    });
    processes.push(inserter);
    phase("workers and inserter started");

    const windows: FaultWindow[] = [];
    const killed = new Set<string>();
    await spec.fault({
      cluster,
      url,
      async window(label, fn, options = {}) {
        const start = Date.now();
        try {
          return await fn();
        } finally {
          windows.push({ label, start, end: Date.now(), ...options });
          phase(`${label} ended`);
        }
      },
      workers: () => workers,
      async killAndReplace(index) {
        const victim = workers[index]!;
        await busy(join(dir, `runs-${victim.id}.log`), 2_000);
        const start = Date.now();
        await kill(victim);
        killed.add(victim.id);
        phase(`SIGKILLed ${victim.id}`);
        const replacement = await startWorker();
        processes.push(replacement);
        workers[index] = replacement;
        windows.push({ label: `SIGKILL ${victim.id}`, start, end: start });
      },
    });

    await waitForOutput(inserter, "done", (spec.jobs / spec.insertPerSecond) * 1000 + 60_000);
    phase("inserter done");
    const committed = readAcknowledged(ackLog);
    const completedNumbers = async () =>
      new Set(
        (await adminQueryRetrying<{ n: number }>(url, `SELECT (args->>'n')::int AS n FROM ${SCHEMA}.river_job WHERE state = 'completed'`)).map((r) => r.n),
      );
    const drainDeadline = Date.now() + spec.drainTimeoutMs;
    let completed = await completedNumbers();
    while (completed.size < committed.size && Date.now() < drainDeadline) {
      await sleep(250);
      completed = await completedNumbers();
    }
    for (const r of await adminQueryRetrying<{ n: number }>(url, `SELECT (args->>'n')::int AS n FROM ${SCHEMA}.river_job`)) committed.add(r.n);

    phase(`drained ${completed.size} of ${committed.size}`);
    const stops = await Promise.all(workers.map((w) => stopWorker(w, stopTimeoutMs + 15_000)));
    return scenarioReport({
      scenario: spec.name,
      committed,
      completed,
      runs: readRuns(dir),
      killed,
      windows: windows.length > 0 ? windows : [{ label: "none", start: began, end: began }],
      stops,
      stopTimeoutMs,
      seconds: Math.round((Date.now() - began) / 1000),
    });
  } finally {
    await tearDown();
    running.delete(tearDown);
  }
}
