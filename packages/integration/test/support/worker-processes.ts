import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** A Node process running one of `fixtures/*.ts` (a client of its own). */
export interface FixtureProcess {
  id: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Starts `fixtures/<fixture>` as its own Node process with CLIENT_ID = `id` and `env`, and
 * resolves once it printed "ready" (its client has started).
 */
export async function startFixtureProcess(fixture: string, id: string, env: Record<string, string>): Promise<FixtureProcess> {
  const child = spawn(process.execPath, ["--conditions=@tributary/source", "--import", "tsx", `fixtures/${fixture}`], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, ...env, CLIENT_ID: id },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      if (String(d).includes("ready")) resolve();
    });
    void exited.then((code) => reject(new Error(`${fixture} ${id} exited with ${code} before starting: ${stderr}`)));
  });
  return { id, child, exited };
}

/** Starts fixtures/worker-process.ts (an `effect` worker recording side effects). */
export function startWorkerProcess(id: string, env: Record<string, string>): Promise<FixtureProcess> {
  return startFixtureProcess("worker-process.ts", id, env);
}

/** SIGTERM (graceful) and wait for exit. */
export async function stopFixtureProcess(w: FixtureProcess): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill("SIGTERM");
  await w.exited;
}

/** SIGKILL whatever is still running (test clean-up). */
export async function killAll(processes: FixtureProcess[]): Promise<void> {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  await Promise.all(processes.map((p) => p.exited));
}
