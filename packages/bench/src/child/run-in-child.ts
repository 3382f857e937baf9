// Runs one scenario of one system in a fresh child process on the Node version the system needs.
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { foreignNodeEnv } from "../node-runtimes.js";
import type { Progress } from "../progress.js";
import type { Measurement } from "../scenario.js";
import type { ChildMessage, RunRequest } from "./run-request.js";

const CHILD_MAIN = fileURLToPath(new URL("./child-main.ts", import.meta.url));
const BENCH_DIR = fileURLToPath(new URL("../../", import.meta.url));
const TSX_LOADER = createRequire(import.meta.url).resolve("tsx");

/** What a child measured, with the Node it ran on and the CPU its process used. */
export interface ChildResult {
  measurement: Measurement;
  node: string;
  cpuMs: number;
}

/**
 * Forks `child-main.ts` under `nodeBinary` (TypeScript through tsx, workspace packages from
 * their sources), sends it `request` and resolves with its measurement. A fresh process per
 * run: systems never share a heap, a JIT warm-up or a leaked timer, and each runs on its Node.
 */
export function runInChild(nodeBinary: string, request: RunRequest, progress: Progress, execArgv: readonly string[] = []): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD_MAIN, [], {
      cwd: BENCH_DIR,
      execPath: nodeBinary,
      execArgv: ["--import", TSX_LOADER, "--conditions=@tributary/source", ...execArgv],
      // The child's stdout would tear the parent's table; its stderr (warnings) passes through.
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      env: foreignNodeEnv(),
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    child.on("message", (message: ChildMessage) => {
      if (message.type === "tick") progress.tick(message.done, message.total);
      else if (message.type === "note") progress.note(message.message);
      else if (message.type === "result") {
        finish(() =>
          resolve({ measurement: message.measurement, node: message.node, cpuMs: message.cpuUserMs + message.cpuSystemMs }),
        );
      } else if (message.type === "error") {
        const err = new Error(message.message);
        if (message.stack) err.stack = message.stack;
        finish(() => reject(err));
      }
    });
    child.on("error", (err) => finish(() => reject(err)));
    child.on("exit", (code, signal) =>
      finish(() => reject(new Error(`benchmark child exited (code ${code}, signal ${signal}) before reporting`))),
    );
    child.send(request);
  });
}
