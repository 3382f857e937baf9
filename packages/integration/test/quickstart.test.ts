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
