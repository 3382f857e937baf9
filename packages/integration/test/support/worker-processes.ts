import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const FIXTURE = fileURLToPath(new URL("../../fixtures/worker-process.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** A worker process running fixtures/worker-process.ts. */
export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts a worker process and resolves once its client has started. */
export async function startWorkerProcess(id: string, env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--conditions=@tributary/source", "--import", "tsx", FIXTURE], {
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
    void exited.then((code) => reject(new Error(`worker ${id} exited with ${code} before starting: ${stderr}`)));
  });
  return { id, child, exited };
}

/** SIGTERM (graceful) and wait for exit. */
export async function stopWorkerProcess(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill("SIGTERM");
  await w.exited;
}
