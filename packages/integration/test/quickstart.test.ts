import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testDatabaseUrl } from "@tributary/test-db";
import { expect, it } from "vitest";

const QUICKSTART = fileURLToPath(new URL("../../../examples/quickstart/src/main.ts", import.meta.url));

it("the quickstart (pnpm start) enqueues in transactions, works the committed jobs and exits cleanly", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=@tributary/source", "--import", "tsx", QUICKSTART], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
    timeout: 60_000,
  });
  expect(stdout).toContain("Enqueued inside transactions: 160 committed, 40 rolled back → 160 jobs in river_job.");
  expect(stdout).toContain("Jobs by state: completed=160.");
  expect(stdout).toContain("Orders: 160 committed, 160 with a receipt.");
});

it("without DATABASE_URL (what a newcomer's `pnpm start` does) it starts an embedded PostgreSQL, works the jobs and exits 0", async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  // execFile rejects on a non-zero exit code: a crash in an exit hook after the run fails the test.
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--conditions=@tributary/source", "--import", "tsx", QUICKSTART], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env,
    timeout: 120_000,
  });
  expect(stdout).toContain("Started an embedded PostgreSQL");
  expect(stdout).toContain("Orders: 160 committed, 160 with a receipt.");
  expect(stderr).not.toMatch(/TypeError/);
}, 150_000);
