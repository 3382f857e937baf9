// Starts one of the example applications (examples/dashboard-hono, examples/dashboard-express) as users run it, on a free port.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The examples the browser tests run against. */
export const EXAMPLES = ["dashboard-hono", "dashboard-express"] as const;
export type Example = (typeof EXAMPLES)[number];

export const ADMIN_PASSWORD = "correct horse";

/** A running example: the dashboard's URL and how to stop it. */
export interface ExampleServer {
  url: string;
  stop(): Promise<void>;
}

/** Spawns `npm start`'s command of the example with its environment; resolves when it prints its URL. */
export async function startExample(example: Example, env: { databaseUrl: string; schema: string; readOnly?: boolean }): Promise<ExampleServer> {
  const cwd = fileURLToPath(new URL(`../../../../examples/${example}/`, import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ["--conditions=@tributary/source", "--import", "tsx", "src/main.ts"], {
    cwd,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      DATABASE_SCHEMA: env.schema,
      ADMIN_PASSWORD,
      PORT: "0",
      DASHBOARD_READ_ONLY: env.readOnly ? "1" : "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${example} did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /dashboard at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${example} exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
