import { execFile } from "node:child_process";

/** What a finished command printed, and how long it took. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a command without a shell. A non-zero exit rejects with the command line and both
 * streams in the message, so a failed install or type-check explains itself in the test report.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandOutput> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const ms = Date.now() - started;
        if (error) {
          const line = [command, ...args].join(" ");
          reject(new Error(`\`${line}\` failed in ${options.cwd} after ${ms} ms (${error.message.split("\n")[0]})\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        } else {
          resolve({ stdout, stderr, ms });
        }
      },
    );
  });
}

/**
 * The environment for npm in a user's folder: without the `npm_*` variables a pnpm script sets
 * (npm would read them as its own config), as if run from a plain shell.
 */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith("npm_")) env[key] = value;
  }
  return { ...env, ...extra };
}
