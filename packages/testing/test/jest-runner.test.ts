// The helpers need no vitest: a jest file using them (CommonJS, the built package) passes under jest.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testDatabaseUrl } from "@tributary/test-db";
import { expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const jest = fileURLToPath(new URL("../node_modules/jest/bin/jest.js", import.meta.url));

it("a jest file using the helpers passes under jest", async () => {
  const { stdout, stderr } = await run(
    process.execPath,
    [jest, "--ci", "--json", "--rootDir", "test/jest", "--testMatch", "**/*.jest.cjs", "--testEnvironment", "node"],
    { cwd: root, env: { ...process.env, TEST_DATABASE_URL: testDatabaseUrl() }, timeout: 90_000 },
  ).catch((err: { stdout?: string; stderr?: string }) => {
    throw new Error(`jest failed:\n${err.stdout}\n${err.stderr}`);
  });
  const result = JSON.parse(stdout) as { numPassedTests: number; numFailedTests: number; success: boolean };
  expect({ passed: result.numPassedTests, failed: result.numFailedTests, success: result.success }, stderr).toEqual({ passed: 2, failed: 0, success: true });
}, 120_000);
