// Runs the built `tributary` binary as a child process, as a deploy script or a terminal would, and seeds schemas for it.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema, testDatabaseUrl } from "@tributary/test-db";
import pg from "pg";
import { afterAll } from "vitest";

/** The binary npm links as `tributary`. */
export const BIN = fileURLToPath(new URL("../../dist/esm/bin.js", import.meta.url));

/** What a run printed and how it exited. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tributary args…` with DATABASE_URL set to the test database (unless `env` overrides it)
 * and no TTY; `input` is written to its stdin, which is then closed.
 */
export function tributary(args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: testDatabaseUrl(), ...options.env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** `tributary args… --json`'s stdout, parsed; fails with both streams when it did not exit 0. */
export async function tributaryJson<T = unknown>(args: string[]): Promise<T> {
  const run = await tributary([...args, "--json"]);
  if (run.code !== 0) throw new Error(`tributary ${args.join(" ")} exited ${run.code}\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

const pools: pg.Pool[] = [];
const schemas: IsolatedSchema[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.end();
  for (const schema of schemas) await schema.drop();
});

/** A fresh schema for one test, a pool on it, and a Tributary client for seeding jobs. */
export interface TestSchema {
  name: string;
  pool: pg.Pool;
  client: Client<pg.PoolClient>;
  /** Runs SQL with `search_path` at this schema (for setting up states the CLI then reads). */
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

/** Creates an empty schema; with `migrated` (default true) takes it to Tributary's version with core's migrate(). */
export async function testSchema(prefix: string, migrated = true): Promise<TestSchema> {
  const schema = await createIsolatedSchema(prefix);
  schemas.push(schema);
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  pools.push(pool);
  const driver = pgDriver(pool, { listen: false });
  if (migrated) await migrate(driver, { schema: schema.name });
  return {
    name: schema.name,
    pool,
    client: new Client<pg.PoolClient>({ driver, schema: schema.name }),
    async sql<R>(text: string, params: unknown[] = []) {
      const conn = await pool.connect();
      try {
        await conn.query(`SET search_path TO "${schema.name}"`);
        return (await conn.query(text, params)).rows as R[];
      } finally {
        await conn.query("RESET search_path").catch(() => {});
        conn.release();
      }
    },
  };
}
