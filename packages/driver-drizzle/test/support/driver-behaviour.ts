import { type Executor, isTributaryError } from "@tributary/core";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drizzleDriver } from "../../src/index.js";
import type { AnyDrizzleTx, DrizzleFixture, DrizzleFlavourTarget } from "./drizzle-fixture.js";

async function expectInvalidTransaction(run: () => unknown, message?: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  expect(isTributaryError(caught, "INVALID_TRANSACTION"), `expected INVALID_TRANSACTION, got ${String(caught)}`).toBe(true);
  if (message) expect((caught as Error).message).toMatch(message);
}

function nextNotification(): { received: Promise<string>; onNotification: (payload: string) => void } {
  let resolve!: (payload: string) => void;
  const received = new Promise<string>((r) => {
    resolve = r;
  });
  return { received, onNotification: (payload) => resolve(payload) };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)),
  ]);
}

/** The behaviour users rely on, run against one Drizzle flavour. */
export function describeDrizzleDriver(target: DrizzleFlavourTarget): void {
  describe(`drizzleDriver on drizzle/${target.flavor}`, () => {
    let fx: DrizzleFixture;
    let items: string;

    async function itemIds(executor: Executor = fx.driver.executor()): Promise<number[]> {
      const rows = await executor.query<{ id: number }>(`SELECT id FROM ${items} ORDER BY id`);
      return rows.map((r) => r.id);
    }

    beforeEach(async () => {
      fx = await target.open();
      items = `"${fx.schema}".items`;
      await fx.driver.executor().query(`CREATE TABLE ${items} (id int PRIMARY KEY, note text)`);
    });
    afterEach(async () => {
      await fx.close();
    });

    it("is named after the client under Drizzle", () => {
      expect(fx.driver.name).toBe(`drizzle/${target.flavor}`);
      expect(fx.driver.capabilities.listen).toBe(true);
    });

    it("executor runs $n statements and returns arrays of row objects", async () => {
      const rows = await fx.driver
        .executor()
        .query<{ n: number; s: string; b: boolean; nothing: null }>(
          "SELECT $1::int + 1 AS n, $2::text AS s, $3::boolean AS b, $4::text AS nothing",
          [41, "héllo", true, null],
        );
      expect(Array.isArray(rows)).toBe(true);
      expect(rows).toEqual([{ n: 42, s: "héllo", b: true, nothing: null }]);
      expect(await fx.driver.executor().query(`SELECT id FROM ${items}`)).toEqual([]);
    });

    it("unwrapTx runs in the caller's transaction: committed with the app's own write", async () => {
      await fx.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`INSERT INTO ${items} VALUES (1, 'drizzle')`));
        await fx.driver.unwrapTx(tx).query(`INSERT INTO ${items} VALUES ($1, $2)`, [2, "tributary"]);
        // Visible inside the transaction, through Drizzle's own connection.
        const seen = await tx.execute(sql.raw(`SELECT count(*)::int AS n FROM ${items}`));
        const rows = Array.isArray(seen) ? seen : (seen as { rows: unknown[] }).rows;
        expect(rows).toEqual([{ n: 2 }]);
      });
      expect(await itemIds()).toEqual([1, 2]);
    });

    it("unwrapTx runs in the caller's transaction: rolled back with the app's own write", async () => {
      await expect(
        fx.db.transaction(async (tx) => {
          await tx.execute(sql.raw(`INSERT INTO ${items} VALUES (1, 'drizzle')`));
          await fx.driver.unwrapTx(tx).query(`INSERT INTO ${items} VALUES ($1, $2)`, [2, "tributary"]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await itemIds()).toEqual([]);

      await fx.db.transaction(async (tx) => {
        await fx.driver.unwrapTx(tx).query(`INSERT INTO ${items} VALUES (3, 'x')`);
        tx.rollback();
      }).catch(() => {});
      expect(await itemIds()).toEqual([]);
    });

    it("unwrapTx works on a nested (savepoint) transaction", async () => {
      await fx.db.transaction(async (tx) => {
        await fx.driver.unwrapTx(tx).query(`INSERT INTO ${items} VALUES (1, 'outer')`);
        await expect(
          tx.transaction(async (inner) => {
            await fx.driver.unwrapTx(inner).query(`INSERT INTO ${items} VALUES (2, 'inner')`);
            throw new Error("inner boom");
          }),
        ).rejects.toThrow("inner boom");
        await tx.transaction(async (inner) => {
          await fx.driver.unwrapTx(inner).query(`INSERT INTO ${items} VALUES (3, 'inner kept')`);
        });
      });
      expect(await itemIds()).toEqual([1, 3]);
    });

    it("unwrapTx refuses the root database, non-objects and foreign objects with INVALID_TRANSACTION", async () => {
      await expectInvalidTransaction(() => fx.driver.unwrapTx(fx.db as unknown as AnyDrizzleTx), /database itself/);
      await expectInvalidTransaction(() => fx.driver.unwrapTx(null as unknown as AnyDrizzleTx));
      await expectInvalidTransaction(() => fx.driver.unwrapTx("tx" as unknown as AnyDrizzleTx));
      await expectInvalidTransaction(() => fx.driver.unwrapTx({} as unknown as AnyDrizzleTx), /not a Drizzle transaction/);
      expect(await itemIds()).toEqual([]);
    });

    it.runIf(target.detectsFinishedTransaction)(
      "a transaction used after it committed is refused with INVALID_TRANSACTION",
      async () => {
        let leaked: AnyDrizzleTx | undefined;
        let executor: Executor | undefined;
        await fx.db.transaction(async (tx) => {
          leaked = tx;
          executor = fx.driver.unwrapTx(tx);
        });
        await expectInvalidTransaction(
          async () => fx.driver.unwrapTx(leaked!).query(`INSERT INTO ${items} VALUES (2, 'late')`),
          /already committed or rolled back/,
        );
        await expectInvalidTransaction(() => executor!.query(`INSERT INTO ${items} VALUES (1, 'late')`));
        expect(await itemIds()).toEqual([]);
      },
    );

    it("a transaction in which a statement failed is refused with INVALID_TRANSACTION", async () => {
      await fx.db
        .transaction(async (tx) => {
          await tx.execute(sql.raw("SELECT 1/0")).catch(() => {});
          await expectInvalidTransaction(
            async () => fx.driver.unwrapTx(tx).query(`INSERT INTO ${items} VALUES (1, 'x')`),
            /already failed/,
          );
        })
        .catch(() => {});
      expect(await itemIds()).toEqual([]);
    });

    it("driver.transaction commits, and rolls back when fn throws", async () => {
      const result = await fx.driver.transaction(async (ex) => {
        await ex.query(`INSERT INTO ${items} VALUES (1, 'a')`);
        await ex.query(`INSERT INTO ${items} VALUES (2, 'b')`);
        return "done";
      });
      expect(result).toBe("done");
      await expect(
        fx.driver.transaction(async (ex) => {
          await ex.query(`INSERT INTO ${items} VALUES (3, 'c')`);
          throw new Error("rollback please");
        }),
      ).rejects.toThrow("rollback please");
      expect(await itemIds()).toEqual([1, 2]);
    });

    it("drizzleDriver refuses a transaction and a non-Drizzle object with INVALID_ARGUMENT", async () => {
      await fx.db.transaction(async (tx) => {
        expect(() => drizzleDriver(tx)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
      });
      const notDrizzle = { _: { session: {} }, transaction: async () => undefined };
      expect(() => drizzleDriver(notDrizzle)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    });

    it("listener receives NOTIFY on a dotted channel, and stops after unlisten", async () => {
      const channel = `${fx.schema}.river_insert`;
      const listener = fx.driver.listener!();
      try {
        await listener.connect();
        const first = nextNotification();
        await listener.listen(channel, first.onNotification);
        await fx.driver.executor().query("SELECT pg_notify($1, $2)", [channel, '{"queue":"default"}']);
        expect(await within(first.received, 5000, "first notification")).toBe('{"queue":"default"}');

        // A notification sent inside a committed Drizzle transaction arrives too, once.
        const second = nextNotification();
        const payloads: string[] = [];
        await listener.listen(channel, (payload) => {
          payloads.push(payload);
          second.onNotification(payload);
        });
        await fx.db.transaction(async (tx) => {
          await fx.driver.unwrapTx(tx).query("SELECT pg_notify($1, $2)", [channel, "from-tx"]);
        });
        expect(await within(second.received, 5000, "notification from a transaction")).toBe("from-tx");

        await listener.unlisten(channel);
        await fx.driver.executor().query("SELECT pg_notify($1, $2)", [channel, "after-unlisten"]);
        await new Promise((r) => setTimeout(r, 200));
        expect(payloads).toEqual(["from-tx"]);
      } finally {
        await listener.close();
      }
    });

    it("listen: false turns listening off", () => {
      const driver = drizzleDriver(fx.db, { listen: false });
      expect(driver.capabilities.listen).toBe(false);
      expect(driver.listener).toBeUndefined();
    });
  });
}
