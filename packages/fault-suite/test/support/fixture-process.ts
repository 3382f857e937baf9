// Starting, stopping and killing the scenarios' fixture processes (a Node child each, via tsx).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** What a worker prints after its graceful stop. */
export interface WorkerStopReport {
  stopMs: number;
  stopTimeout: number;
  /** Pool connections still checked out after `client.stop()` (leaked). */
  checkedOut: number;
  /** Whether `pool.end()` resolved within 5 s. */
  poolEnded: boolean;
  /** Outcomes the client could not record before its stop deadline. */
  unrecorded: number;
}

/** A running fixture process. */
export interface FixtureProcess {
  readonly id: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Everything it printed on stdout so far. */
  output(): string;
  /** Everything it printed on stderr so far. */
  errors(): string;
}

/** Starts `fixtures/<fixture>` with CLIENT_ID = `id`; resolves once it printed "ready" (bounded). */
export async function startFixture(fixture: string, id: string, env: Record<string, string>, timeoutMs = 30_000): Promise<FixtureProcess> {
  const child = spawn(process.execPath, ["--conditions=@tributary/source", "--import", "tsx", `fixtures/${fixture}`], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, ...env, CLIENT_ID: id },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => {
    stdout += String(d);
  });
  child.stderr!.on("data", (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const p: FixtureProcess = { id, child, exited, output: () => stdout, errors: () => stderr };
  await waitForOutput(p, "ready", timeoutMs).catch((err: Error) => {
    child.kill("SIGKILL");
    throw new Error(`${fixture} ${id}: ${err.message}; stderr: ${stderr}`);
  });
  return p;
}

/** Resolves once the process printed `text`; rejects when it exits first or after `timeoutMs`. */
export async function waitForOutput(p: FixtureProcess, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void p.exited.then(() => {
    exited = true;
  });
  while (!p.output().includes(text)) {
    if (exited) throw new Error(`${p.id} exited with ${p.child.exitCode} before printing "${text}": ${p.errors().slice(-2_000)}`);
    if (Date.now() > deadline) throw new Error(`did not print "${text}" within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** SIGTERM, then the worker's stop report; null when it did not report within `timeoutMs` (it is then killed). */
export async function stopWorker(p: FixtureProcess, timeoutMs: number): Promise<WorkerStopReport | null> {
  if (!isRunning(p)) return null;
  p.child.kill("SIGTERM");
  const exited = await Promise.race([p.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
  if (!exited) await kill(p);
  const line = p.output().split("\n").find((l) => l.startsWith("report "));
  return line ? (JSON.parse(line.slice("report ".length)) as WorkerStopReport) : null;
}

/** SIGKILL and wait for the exit. */
export async function kill(p: FixtureProcess): Promise<void> {
  if (isRunning(p)) p.child.kill("SIGKILL");
  await p.exited;
}

export function isRunning(p: FixtureProcess): boolean {
  return p.child.exitCode === null && p.child.signalCode === null;
}
