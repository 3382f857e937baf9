// The helpers need no vitest: a node:test file using them runs under `node --test` and passes, and its failure output is node:assert's.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));

it("a node:test file using the helpers passes under node --test", async () => {
  const { stdout } = await run(
    process.execPath,
    ["--conditions=@tributary/source", "--import", "tsx", "--test", "--test-reporter=tap", "test/node-test/helpers.node-test.ts"],
    { cwd: root, env: process.env, timeout: 60_000 },
  );
  expect(stdout).toMatch(/^# pass 2$/m);
  expect(stdout).toMatch(/^# fail 0$/m);
}, 90_000);
