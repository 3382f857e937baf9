// A fresh schema on the private cluster per test group, with the application's `orders` table, read back directly.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** A schema of one test group, created and inspected over a direct connection (never through the pooler). */
export interface SuiteSchema {
  name: string;
  /** Runs SQL directly on the cluster. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Jobs by state in this schema. */
  countByState(): Promise<Record<string, number>>;
  /** Resolves once `count` jobs are completed; on timeout, fails with the counts by state. */
  waitForCompleted(count: number, timeoutMs: number): Promise<void>;
  drop(): Promise<void>;
}

export async function createSuiteSchema(directUrl: string, prefix: string): Promise<SuiteSchema> {
  const name = `pool_${prefix.toLowerCase().replace(/[^a-z0-9_]/g, "_")}_${randomBytes(4).toString("hex")}`;
  const pool = new pg.Pool({ connectionString: directUrl, max: 2 });
  pool.on("error", () => {});
  await pool.query(`CREATE SCHEMA "${name}"`);
  await pool.query(`CREATE TABLE "${name}".orders (id serial PRIMARY KEY, customer text NOT NULL)`);
  const query = async <R>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as R[];
  const countByState = async (): Promise<Record<string, number>> => {
    const rows = await query<{ state: string; n: number }>(`SELECT state::text, count(*)::int AS n FROM "${name}".river_job GROUP BY state`);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  };
  return {
    name,
    query,
    countByState,
    async waitForCompleted(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts = await countByState();
        if ((counts.completed ?? 0) >= count) return;
        if (Date.now() > deadline) {
          throw new Error(`${count} completed jobs expected within ${timeoutMs} ms; by state: ${JSON.stringify(counts)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      await pool.end();
    },
  };
}
