// What only driver-drizzle does, per Drizzle flavour: naming, savepoints, tx.rollback(), refusals, options.
import type { Executor, Listener } from "@tributary/core";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drizzleDriver } from "../../src/index.js";
import type { DrizzleFixture, DrizzleFlavourTarget } from "./drizzle-fixture.js";

/** The behaviour only this driver has, run against one Drizzle flavour (the contract is the conformance suite's). */
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
    });

    it("commits the job with Drizzle's own write, and loses it with tx.rollback()", async () => {
      await fx.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`INSERT INTO ${items} VALUES (1, 'drizzle')`));
        await fx.driver.unwrapTx(tx).query(`INSERT INTO ${items} VALUES ($1, $2)`, [2, "tributary"]);
      });
      await fx.db
        .transaction(async (tx) => {
          await fx.driver.unwrapTx(tx).query(`INSERT INTO ${items} VALUES (3, 'x')`);
          tx.rollback();
        })
        .catch(() => {});
      expect(await itemIds()).toEqual([1, 2]);
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

    it("drizzleDriver refuses a transaction and a non-Drizzle object with INVALID_ARGUMENT", async () => {
      await fx.db.transaction(async (tx) => {
        expect(() => drizzleDriver(tx)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
      });
      const notDrizzle = { _: { session: {} }, transaction: async () => undefined };
      expect(() => drizzleDriver(notDrizzle)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    });

    it("listens by default, through a listener factory when given one, and not with listen: false", () => {
      expect(typeof fx.driver.listener).toBe("function");
      const given = { connect: async () => {}, listen: async () => {}, unlisten: async () => {}, close: async () => {} } satisfies Listener;
      expect(drizzleDriver(fx.db, { listener: () => given }).listener?.()).toBe(given);
      expect(drizzleDriver(fx.db, { listen: false, listener: () => given }).listener).toBeUndefined();
    });
  });
}
