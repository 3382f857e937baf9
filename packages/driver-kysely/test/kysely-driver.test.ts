import type { Driver } from "@tributary/core";
import { isTributaryError, type Listener } from "@tributary/core";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import { CamelCasePlugin, sql, type Transaction } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type KyselyLike, kyselyDriver } from "../src/index.js";
import { kyselyDialects, type OpenedKysely, type TestDatabase } from "./kysely-dialects.js";

function expectInvalidTransaction(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isTributaryError(caught, "INVALID_TRANSACTION"), String(caught)).toBe(true);
}

describe.each(kyselyDialects)("$name", (dialect) => {
  let schema: IsolatedSchema;
  let opened: OpenedKysely;
  let driver: Driver<Transaction<TestDatabase>>;
  let listener: Listener | undefined;

  beforeEach(async () => {
    schema = await createIsolatedSchema("kysely");
    opened = dialect.open(urlWithSearchPath(schema.url, schema.name));
    driver = kyselyDriver(opened.db, { listener: opened.listener });
    await driver.executor().query("CREATE TABLE orders (id int PRIMARY KEY, note text NOT NULL)");
  });

  afterEach(async () => {
    await listener?.close();
    listener = undefined;
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

  it("runs statements with $n parameters on the pool and returns rows as objects", async () => {
    const rows = await driver
      .executor()
      .query<{ n: number; s: string; schema: string }>("SELECT $1::int AS n, $2::text AS s, current_schema() AS schema", [
        41,
        "x",
      ]);
    expect(rows).toEqual([{ n: 41, s: "x", schema: schema.name }]);
    expect(await driver.executor().query("SELECT 1 AS one WHERE false")).toEqual([]);
  });

  it("runs unwrapTx statements inside the caller's transaction, which then commits", async () => {
    const seenInside = await opened.db.transaction().execute(async (trx) => {
      await trx.insertInto("orders").values({ id: 1, note: "app" }).execute();
      const ex = driver.unwrapTx(trx);
      await ex.query("INSERT INTO orders (id, note) VALUES ($1, $2)", [2, "job"]);
      const inside = await ex.query<{ n: number }>("SELECT count(*)::int AS n FROM orders");
      const outside = await driver.executor().query<{ n: number }>("SELECT count(*)::int AS n FROM orders");
      return { inside: inside[0]?.n, outside: outside[0]?.n };
    });
    // The app's uncommitted row is visible to the unwrapped executor and to nobody else.
    expect(seenInside).toEqual({ inside: 2, outside: 0 });
    expect(await orderIds()).toEqual([1, 2]);
  });

  it("loses unwrapTx writes when the caller's transaction rolls back", async () => {
    await expect(
      opened.db.transaction().execute(async (trx) => {
        await trx.insertInto("orders").values({ id: 1, note: "app" }).execute();
        await driver.unwrapTx(trx).query("INSERT INTO orders (id, note) VALUES ($1, $2)", [2, "job"]);
        throw new Error("business rule failed");
      }),
    ).rejects.toThrow("business rule failed");
    expect(await orderIds()).toEqual([]);
  });

  it("rejects the root db and non-transactions with INVALID_TRANSACTION", () => {
    // @ts-expect-error: a root Kysely is not a Transaction, and the types say so too.
    expectInvalidTransaction(() => driver.unwrapTx(opened.db));
    for (const bad of [null, undefined, 42, "trx", {}, { isTransaction: true }]) {
      expectInvalidTransaction(() => driver.unwrapTx(bad as unknown as Transaction<TestDatabase>));
    }
    let message = "";
    try {
      driver.unwrapTx(opened.db as unknown as Transaction<TestDatabase>);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/root Kysely instance.*db\.transaction\(\)\.execute/);
  });

  it("rejects a transaction that has already finished with INVALID_TRANSACTION", async () => {
    let kept: Transaction<TestDatabase> | undefined;
    await opened.db.transaction().execute(async (trx) => {
      kept = trx;
    });
    const late = driver.unwrapTx(kept!).query("INSERT INTO orders (id, note) VALUES (1, 'late')");
    await expect(late).rejects.toSatisfy((err) => isTributaryError(err, "INVALID_TRANSACTION"));
    await expect(late).rejects.toThrow(/already committed/);

    let rolledBack: Transaction<TestDatabase> | undefined;
    await opened.db
      .transaction()
      .execute(async (trx) => {
        rolledBack = trx;
        throw new Error("abort");
      })
      .catch(() => {});
    await expect(driver.unwrapTx(rolledBack!).query("SELECT 1")).rejects.toThrow(/already rolled back/);

    const controlled = await opened.db.startTransaction().execute();
    await controlled.commit().execute();
    expectInvalidTransaction(() => driver.unwrapTx(controlled));
    expect(await orderIds()).toEqual([]);
  });

  it("runs in a ControlledTransaction from db.startTransaction()", async () => {
    const trx = await opened.db.startTransaction().execute();
    await driver.unwrapTx(trx).query("INSERT INTO orders (id, note) VALUES (7, 'job')");
    await trx.rollback().execute();
    expect(await orderIds()).toEqual([]);
  });

  it("commits driver.transaction when fn resolves and rolls back when it throws", async () => {
    const value = await driver.transaction(async (ex) => {
      await ex.query("INSERT INTO orders (id, note) VALUES (1, 'kept')");
      return "done";
    });
    expect(value).toBe("done");
    await expect(
      driver.transaction(async (ex) => {
        await ex.query("INSERT INTO orders (id, note) VALUES (2, 'lost')");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await orderIds()).toEqual([1]);
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
      let caught: unknown;
      try {
        kyselyDriver<TestDatabase>(trx);
      } catch (err) {
        caught = err;
      }
      expect(isTributaryError(caught, "INVALID_ARGUMENT")).toBe(true);
    });
  });

  it("polls without a listener factory", () => {
    const bare = kyselyDriver(opened.db);
    expect(bare.capabilities.listen).toBe(false);
    expect(bare.listener).toBeUndefined();
  });

  it("receives a NOTIFY on a dotted channel through the listener factory", async () => {
    expect(driver.capabilities.listen).toBe(true);
    listener = driver.listener!();
    const channel = `${schema.name}.river_insert`;
    const payloads: string[] = [];
    let arrived!: () => void;
    const done = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    await listener.listen(channel, (payload) => {
      payloads.push(payload);
      arrived();
    });
    // Same name without the schema: must not reach the handler.
    await driver.executor().query("SELECT pg_notify($1, $2)", ["river_insert", "wrong"]);
    await driver.executor().query("SELECT pg_notify($1, $2)", [channel, '{"queue":"default"}']);
    await done;
    expect(payloads).toEqual(['{"queue":"default"}']);
  });
});
