// Nothing called with the caller's transaction may need a second connection: proven on a pool of one.
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";

let schema: IsolatedSchema;
let pool: pg.Pool;

beforeEach(async () => {
  schema = await createIsolatedSchema("onecon");
  // The search_path names the test schema, so a client without `schema` resolves current_schema() to it.
  pool = new pg.Pool({ connectionString: urlWithSearchPath(schema.url, schema.name), max: 1 });
  await migrate(pgDriver(pool));
});
afterEach(async () => {
  await pool.end();
  await schema.drop();
});

/** Fails instead of hanging when the call waits for a second connection that never comes. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
}

it("the first insertTx of a client without a configured schema runs on the caller's only connection", async () => {
  const client = new Client({ driver: pgDriver<pg.PoolClient>(pool) });
  const conn = await pool.connect();
  try {
    await conn.query("BEGIN");
    const { job } = await within(3_000, client.insertTx(conn, "first", { n: 1 }));
    const [first] = await within(3_000, client.insertManyTx(conn, [{ kind: "many", args: {} }]));
    await conn.query("COMMIT");
    expect(job.kind).toBe("first");
    expect(first!.job.kind).toBe("many");
  } finally {
    conn.release();
  }
  expect(await client.schema()).toBe(schema.name);
  expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema.name}".river_job`)).rows[0].n).toBe(2);
});

it("the first completeTx of a client without a configured schema runs on the caller's only connection", async () => {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO "${schema.name}".river_job (kind, args, state, attempt, attempted_at, max_attempts) VALUES ('k', '{}', 'running', 1, now(), 25) RETURNING id::text AS id`,
  );
  const client = new Client({ driver: pgDriver<pg.PoolClient>(pool) });
  const conn = await pool.connect();
  try {
    await conn.query("BEGIN");
    const done = await within(3_000, client.completeTx(conn, rows[0]!.id));
    await conn.query("COMMIT");
    expect(done?.state).toBe("completed");
  } finally {
    conn.release();
  }
});
