// What only driver-pg does: its options, and pg clients on which BEGIN was never run.
import { createIsolatedSchema, expectInvalidTransaction, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PgListener, pgDriver } from "../src/index.js";

let schema: IsolatedSchema;
let pool: pg.Pool;

beforeEach(async () => {
  schema = await createIsolatedSchema("pgd");
  pool = new pg.Pool({ connectionString: schema.url, max: 4 });
});
afterEach(async () => {
  await pool.end();
  await schema.drop();
});

describe("pgDriver", () => {
  it("refuses a pg client on which BEGIN was never run, before sending anything", async () => {
    const driver = pgDriver(pool);
    const conn = await pool.connect();
    try {
      await pool.query(`CREATE TABLE "${schema.name}".t (id int)`);
      await expectInvalidTransaction(
        () => driver.unwrapTx(conn).query(`INSERT INTO "${schema.name}".t VALUES (1)`),
        /not inside a transaction/,
      );
      expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema.name}".t`)).rows[0].n).toBe(0);
    } finally {
      conn.release();
    }
  });

  it("listens on the pool by default, through a listener factory when given one, and not with listen: false", async () => {
    expect(pgDriver(pool).listener?.()).toBeInstanceOf(PgListener);
    const side = new PgListener(pool);
    expect(pgDriver(pool, { listener: () => side }).listener?.()).toBe(side);
    expect(pgDriver(pool, { listen: false, listener: () => side }).listener).toBeUndefined();
  });

  it("runs parameterised statements unnamed with prepare: false", async () => {
    const names: (string | undefined)[] = [];
    const spy = {
      query: (config: unknown, values?: unknown[]) => {
        names.push(typeof config === "object" ? (config as { name?: string }).name : undefined);
        return typeof config === "string" ? pool.query(config, values) : pool.query(config as pg.QueryConfig);
      },
      connect: () => pool.connect(),
    };
    await pgDriver(spy as unknown as pg.Pool).executor().query("SELECT $1::int AS n", [1]);
    await pgDriver(spy as unknown as pg.Pool, { prepare: false }).executor().query("SELECT $1::int AS n", [2]);
    expect(names[0]).toMatch(/^tributary_[0-9a-f]{24}$/);
    expect(names[1]).toBeUndefined();
  });
});
