// What only driver-kysely does: structural types, ControlledTransaction, plugins kept away, its options.
import { Client, type Driver, migrate } from "@tributary/core";
import { PgListener, pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, expectInvalidTransaction, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type KyselyLike, kyselyDriver } from "../src/index.js";
import { kyselyDialects, type OpenedKysely, type TestDatabase } from "./kysely-dialects.js";

describe.each(kyselyDialects)("$name", (dialect) => {
  let schema: IsolatedSchema;
  let opened: OpenedKysely;
  let driver: Driver<Transaction<TestDatabase>>;

  beforeEach(async () => {
    schema = await createIsolatedSchema("kysely");
    opened = dialect.open(urlWithSearchPath(schema.url, schema.name));
    driver = kyselyDriver(opened.db, { listener: opened.listener });
    await driver.executor().query("CREATE TABLE orders (id int PRIMARY KEY, note text NOT NULL)");
  });

  afterEach(async () => {
    await opened.close();
    await schema.drop();
  });

  async function orderIds(): Promise<number[]> {
    const rows = await opened.db.selectFrom("orders").select("id").orderBy("id").execute();
    return rows.map((r) => r.id);
  }

  it("is structurally what the driver declares", () => {
    // Compile-time check that a real Kysely satisfies the structural interface.
    const like: KyselyLike = opened.db;
    expect(like.isTransaction).toBe(false);
  });

  it("commits the job with the app's own query-builder write, and refuses a look-alike transaction", async () => {
    await opened.db.transaction().execute(async (trx) => {
      await trx.insertInto("orders").values({ id: 1, note: "app" }).execute();
      await driver.unwrapTx(trx).query("INSERT INTO orders (id, note) VALUES ($1, $2)", [2, "job"]);
    });
    expect(await orderIds()).toEqual([1, 2]);
    await expectInvalidTransaction(() => driver.unwrapTx({ isTransaction: true } as unknown as Transaction<TestDatabase>));
  });

  it("runs in a ControlledTransaction from db.startTransaction(), and refuses one already committed", async () => {
    const trx = await opened.db.startTransaction().execute();
    await driver.unwrapTx(trx).query("INSERT INTO orders (id, note) VALUES (7, 'job')");
    await trx.rollback().execute();
    const committed = await opened.db.startTransaction().execute();
    await committed.commit().execute();
    await expectInvalidTransaction(() => driver.unwrapTx(committed), /already committed/);
    expect(await orderIds()).toEqual([]);
  });

  it("keeps the user's plugins away from its SQL", async () => {
    const camel = opened.db.withPlugin(new CamelCasePlugin());
    const camelDriver = kyselyDriver(camel);
    expect(await camelDriver.executor().query("SELECT 1 AS finalized_at")).toEqual([{ finalized_at: 1 }]);
    const inTx = await camel.transaction().execute((trx) => camelDriver.unwrapTx(trx).query("SELECT 2 AS attempted_by"));
    expect(inTx).toEqual([{ attempted_by: 2 }]);
    // The user's own queries still get their plugin.
    expect((await sql`SELECT 3 AS some_col`.execute(camel)).rows).toEqual([{ someCol: 3 }]);
  });

  it("refuses a transaction where the root Kysely is needed", async () => {
    await opened.db.transaction().execute(async (trx) => {
      expect(() => kyselyDriver<TestDatabase>(trx)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    });
  });
});

describe("kyselyDriver options", () => {
  it("listens only through the listener factory it is given, and not with listen: false", async () => {
    const pool = new pg.Pool({ max: 1 });
    const db = kyselyDialects[0]!.open("postgres://unused@127.0.0.1:1/none").db;
    try {
      const listener = new PgListener(pool);
      expect(kyselyDriver(db).listener).toBeUndefined();
      expect(kyselyDriver(db, { listener: () => listener }).listener?.()).toBe(listener);
      expect(kyselyDriver(db, { listen: false, listener: () => listener }).listener).toBeUndefined();
    } finally {
      await db.destroy();
      await pool.end();
    }
  });
});

describe("kyselyDriver poolDriver", () => {
  let schema: IsolatedSchema;
  let pool: pg.Pool;
  let db: Kysely<TestDatabase>;

  beforeEach(async () => {
    schema = await createIsolatedSchema("kysely_pool");
    // One connection, so the prepared statements seen are those of the connection the insert used.
    pool = new pg.Pool({ connectionString: urlWithSearchPath(schema.url, schema.name), max: 1 });
    db = new Kysely<TestDatabase>({ dialect: new PostgresDialect({ pool }) });
  });

  afterEach(async () => {
    await db.destroy();
    await schema.drop();
  });

  async function preparedTributaryStatements(): Promise<number> {
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'tributary\\_%'");
    return rows[0].n as number;
  }

  it("runs inserts outside a transaction as prepared statements through the pool driver, insertTx on the Kysely transaction", async () => {
    const driver = kyselyDriver(db, { poolDriver: pgDriver(pool, { listen: false }) });
    expect(driver.name).toBe("kysely+pg");
    await migrate(driver, {});
    const client = new Client({ driver, middleware: [] });
    const before = await preparedTributaryStatements();
    const { job } = await client.insert("email", { to: "a@example.com" });
    expect(await preparedTributaryStatements()).toBeGreaterThan(before);
    await expect(
      db.transaction().execute(async (trx) => {
        await client.insertTx(trx, "email", { to: "b@example.com" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await client.stop();
    const { rows } = await pool.query("SELECT id::text FROM river_job ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual([String(job.id)]);
  });

  it("prepares nothing without it", async () => {
    const driver = kyselyDriver(db);
    await migrate(driver, {});
    const client = new Client({ driver, middleware: [] });
    await client.insert("email", { to: "a@example.com" });
    await client.stop();
    expect(await preparedTributaryStatements()).toBe(0);
  });

  it("listens through the pool driver's listener unless given one or told not to", () => {
    const pooled = pgDriver(pool);
    const own = new PgListener(pool);
    expect(kyselyDriver(db, { poolDriver: pooled }).listener?.()).toBeInstanceOf(PgListener);
    expect(kyselyDriver(db, { poolDriver: pooled, listener: () => own }).listener?.()).toBe(own);
    expect(kyselyDriver(db, { poolDriver: pooled, listen: false }).listener).toBeUndefined();
    expect(kyselyDriver(db, { poolDriver: pgDriver(pool, { listen: false }) }).listener).toBeUndefined();
  });

  it("refuses a poolDriver that is not a driver", () => {
    expect(() => kyselyDriver(db, { poolDriver: pool as never })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT", field: "poolDriver", message: expect.stringContaining("pgDriver(pool)") }),
    );
  });
});
