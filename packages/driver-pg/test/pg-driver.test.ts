import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PgListener, pgDriver } from "../src/index.js";

let schema: IsolatedSchema;
let pool: pg.Pool;

beforeEach(async () => {
  schema = await createIsolatedSchema("pgl");
  pool = new pg.Pool({ connectionString: schema.url, max: 4 });
});
afterEach(async () => {
  await pool.end();
  await schema.drop();
});

async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("PgListener", () => {
  it("receives notifications on a dotted channel and keeps its connection out of the pool", async () => {
    const listener = new PgListener(pool);
    const got: string[] = [];
    await listener.listen(`${schema.name}.river_insert`, (p) => got.push(p));
    expect(pool.totalCount - pool.idleCount).toBe(1);
    await pool.query(`SELECT pg_notify($1, '{"queue":"default"}')`, [`${schema.name}.river_insert`]);
    await pool.query(`SELECT pg_notify($1, 'other')`, [`${schema.name}.river_control`]);
    await waitFor(() => got.length === 1);
    expect(got).toEqual(['{"queue":"default"}']);
    await listener.close();
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });

  it("reconnects after its backend is killed, listens again and reports the reconnect", async () => {
    const listener = new PgListener(pool);
    const got: string[] = [];
    let reconnects = 0;
    listener.onReconnect(() => reconnects++);
    const channel = `${schema.name}.river_insert`;
    await listener.listen(channel, (p) => got.push(p));
    const admin = new pg.Client({ connectionString: schema.url });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid() AND datname = current_database()`,
    );
    await waitFor(() => reconnects === 1);
    await admin.query(`SELECT pg_notify($1, 'after')`, [channel]);
    await waitFor(() => got.includes("after"));
    await admin.end();
    await listener.close();
  });
});

describe("pgDriver", () => {
  it("unwrapTx runs on the caller's transaction; refuses idle, failed and pool objects", async () => {
    const driver = pgDriver(pool);
    const conn = await pool.connect();
    try {
      await conn.query("BEGIN");
      await driver.unwrapTx(conn).query(`CREATE TABLE "${schema.name}".t (id int)`);
      await conn.query("ROLLBACK");
      const rows = await pool.query(`SELECT to_regclass('"${schema.name}".t')::text AS t`);
      expect(rows.rows[0].t).toBeNull();
      expect(() => driver.unwrapTx(conn)).toThrow(/not inside a transaction/);
      await conn.query("BEGIN");
      await conn.query("SELECT 1/0").catch(() => {});
      await new Promise((r) => setTimeout(r, 10)); // pg reads ReadyForQuery (status E) after rejecting the query
      expect(() => driver.unwrapTx(conn)).toThrow(/already failed/);
      await conn.query("ROLLBACK");
    } finally {
      conn.release();
    }
    expect(() => driver.unwrapTx(pool as unknown as pg.PoolClient)).toThrow(/pg.Pool/);
  });

  it("transaction() commits, and rolls back on throw", async () => {
    const driver = pgDriver(pool);
    await pool.query(`CREATE TABLE "${schema.name}".t (id int)`);
    await driver.transaction((ex) => ex.query(`INSERT INTO "${schema.name}".t VALUES (1)`));
    await expect(
      driver.transaction(async (ex) => {
        await ex.query(`INSERT INTO "${schema.name}".t VALUES (2)`);
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect((await pool.query(`SELECT array_agg(id)::text AS ids FROM "${schema.name}".t`)).rows[0].ids).toBe("{1}");
  });
});
