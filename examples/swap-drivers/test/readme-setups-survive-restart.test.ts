// Each driver README's set-up, run as its own process, keeps working through a server restart.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type PrivateCluster, startPrivateCluster } from "@tributary/test-db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const DRIVERS = ["pg", "postgresjs", "kysely", "drizzle", "prisma"] as const;

/** The lines a fixture marks as its README's, and the code blocks of that README. */
function readmeRegion(name: (typeof DRIVERS)[number], readmePath = `packages/driver-${name}/README.md`): { region: string; readmeCode: string } {
  const fixture = readFileSync(new URL(`./readme-setups/${name}.ts`, import.meta.url), "utf8");
  const region = /\/\/ README:begin\n([\s\S]*?)\/\/ README:end\n/.exec(fixture)?.[1];
  if (!region) throw new Error(`readme-setups/${name}.ts has no README:begin/README:end region`);
  const readme = readFileSync(new URL(`../../../${readmePath}`, import.meta.url), "utf8");
  const readmeCode = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
  return { region, readmeCode };
}

/** Collects a child's stdout and resolves when a line starting with `prefix` appears. */
function lineFrom(child: ChildProcess, output: { text: string }, prefix: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${prefix}" within ${timeoutMs} ms; output:\n${output.text}`)), timeoutMs);
    const check = () => {
      const line = output.text.split("\n").find((l) => l.startsWith(prefix));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`exited with ${child.exitCode} before "${prefix}"; output:\n${output.text}`));
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", check);
    check();
  });
}

let cluster: PrivateCluster;
const children: ChildProcess[] = [];

beforeAll(async () => {
  cluster = await startPrivateCluster({ dirPrefix: "tributary-readme-restart-" });
}, 90_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await cluster?.destroy();
});

describe("every driver README's set-up survives a server restart", () => {
  for (const name of DRIVERS) {
    it(`driver-${name}: the README's lines are the fixture's, and its worker keeps working after pg_ctl restart`, async () => {
      const { region, readmeCode } = readmeRegion(name);
      expect(readmeCode).toContain(region);
      // Core's README starts from the same node-postgres set-up.
      if (name === "pg") expect(readmeRegion(name, "packages/core/README.md").readmeCode).toContain(region);

      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE readme_${name}`);
      await admin.end();

      const child = spawn(tsx, ["--conditions=@tributary/source", `test/readme-setups/${name}.ts`], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: cluster.urlOf(`readme_${name}`) },
        stdio: ["pipe", "pipe", "pipe"],
      });
      children.push(child);
      const output = { text: "" };
      child.stdout!.on("data", (chunk: Buffer) => {
        output.text += chunk.toString();
      });
      child.stderr!.on("data", (chunk: Buffer) => {
        output.text += chunk.toString();
      });

      await lineFrom(child, output, "READY", 45_000);
      await cluster.restart("fast");
      // Long enough for every idle connection's error to surface while the process is idle.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(child.exitCode, `the process died in the restart:\n${output.text}`).toBeNull();

      child.stdin!.write("GO\n");
      const done = await lineFrom(child, output, "DONE", 30_000);
      expect(Number(done.split(" ")[1])).toBeLessThanOrEqual(5);

      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const stopAt = Date.now();
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(Date.now() - stopAt).toBeLessThan(10_000);
    }, 120_000);
  }
});
