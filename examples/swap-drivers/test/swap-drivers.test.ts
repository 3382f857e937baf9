import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testDatabaseUrl, uniqueSchemaName } from "@tributary/test-db";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

const DRIVERS = ["pg", "postgresjs", "kysely", "drizzle", "prisma"] as const;
type DriverName = (typeof DRIVERS)[number];

/** What every entry point must print (besides the driver's name): the committed order and its job, nothing of the rolled-back one. */
const EXPECTED = {
  orderIds: [1],
  jobs: [{ kind: "send_receipt", state: "completed", attempt: 1, args: { orderId: 1, email: "ada@example.com" } }],
  jobsByState: { completed: 1 },
  receiptsSent: [{ orderId: 1, email: "ada@example.com" }],
};

const schemas: string[] = [];
const results = new Map<DriverName, unknown>();

/** Runs `src/with-<name>.ts` as `pnpm start:<name>` does, on the test database, in a schema of its own. */
async function runEntryPoint(name: DriverName): Promise<Record<string, unknown>> {
  const schema = uniqueSchemaName(`swap_${name}`);
  schemas.push(schema);
  const { stdout } = await run(tsx, ["--conditions=@tributary/source", `src/with-${name}.ts`], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), EXAMPLE_SCHEMA: schema },
    timeout: 45_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

afterAll(async () => {
  // The entry points drop their schema; this only cleans up after one that crashed.
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
});

describe("the same jobs module on five drivers", () => {
  it("has a generated Prisma client (pnpm pretest runs prisma generate)", () => {
    expect(existsSync(new URL("../generated/prisma/client.ts", import.meta.url))).toBe(true);
  });

  for (const name of DRIVERS) {
    it(`with-${name}: commits the order with its job, rolls back the other pair, runs the job`, async () => {
      const { driver, ...result } = await runEntryPoint(name);
      expect(driver).toMatch(name === "drizzle" ? /^drizzle\// : new RegExp(`^${name}$`));
      expect(result).toEqual(EXPECTED);
      results.set(name, result);
    });
  }

  it("prints the same result for every driver", () => {
    expect([...results.keys()]).toEqual([...DRIVERS]);
    const [first, ...rest] = [...results.values()];
    for (const other of rest) expect(other).toStrictEqual(first);
  });

  it("leaves no schema behind", async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)", [schemas]);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
