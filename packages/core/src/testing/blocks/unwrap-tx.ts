// Conformance block: unwrapTx runs on the caller's transaction and refuses every transaction it cannot use.
import { describe, expect, it } from "vitest";
import type { Executor } from "../../driver/driver.js";
import type { ConformanceContext } from "../conformance-context.js";
import { expectInvalidTransaction } from "../support/expect-invalid-transaction.js";
import { Rollback } from "../support/rollback.js";

/**
 * `unwrapTx(tx)`: the write commits and rolls back with the caller's transaction, and a
 * transaction that cannot be used (the root object, committed, rolled back, failed, or kept
 * past its callback) is refused with `INVALID_TRANSACTION`, having written nothing.
 */
export function unwrapTxBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("unwrapTx", () => {
    const insert = (ex: Executor, id: number) => ex.query(`INSERT INTO ${ctx.items} VALUES ($1)`, [id]);

    it("runs in the caller's transaction: visible inside, invisible outside, kept by its commit", async () => {
      await ctx.fx.inTransaction(async (tx) => {
        const ex = ctx.driver.unwrapTx(tx);
        await insert(ex, 1);
        expect(await ex.query(`SELECT id FROM ${ctx.items}`)).toEqual([{ id: 1 }]);
        if (!ctx.target.singleConnection) expect(await ctx.itemIds()).toEqual([]);
      });
      expect(await ctx.itemIds()).toEqual([1]);
    });

    it("runs in the caller's transaction: gone with its rollback", async () => {
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          await insert(ctx.driver.unwrapTx(tx), 1);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await ctx.itemIds()).toEqual([]);
    });

    it("refuses the library's root object with INVALID_TRANSACTION and writes nothing", async () => {
      await expectInvalidTransaction(() => insert(ctx.driver.unwrapTx(ctx.fx.root as TTx), 1));
      expect(await ctx.itemIds()).toEqual([]);
    });

    it("refuses a transaction already committed, at the first query, and writes nothing", async () => {
      const committed = await ctx.fx.inTransaction(async (tx) => tx);
      await expectInvalidTransaction(() => insert(ctx.driver.unwrapTx(committed), 1));
      expect(await ctx.itemIds()).toEqual([]);
    });

    it("refuses a transaction already rolled back, at the first query, and writes nothing", async () => {
      let rolledBack: TTx | undefined;
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          rolledBack = tx;
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      await expectInvalidTransaction(() => insert(ctx.driver.unwrapTx(rolledBack as TTx), 1));
      expect(await ctx.itemIds()).toEqual([]);
    });

    it("refuses a transaction in which a statement failed (not the raw 25P02) and writes nothing", async () => {
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          const before = ctx.driver.unwrapTx(tx);
          await insert(before, 1);
          await expect(before.query("SELECT 1/0 AS boom")).rejects.toThrow();
          // An executor taken before the failure, and one taken after it.
          await expectInvalidTransaction(() => insert(before, 2));
          await expectInvalidTransaction(() => insert(ctx.driver.unwrapTx(tx), 3));
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await ctx.itemIds()).toEqual([]);
    });

    it("refuses an executor used again after its transaction's callback returned, and writes nothing", async () => {
      let afterCommit: Executor | undefined;
      await ctx.fx.inTransaction(async (tx) => {
        afterCommit = ctx.driver.unwrapTx(tx);
        await insert(afterCommit, 1);
      });
      await expectInvalidTransaction(() => insert(afterCommit!, 2));

      let afterRollback: Executor | undefined;
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          afterRollback = ctx.driver.unwrapTx(tx);
          await insert(afterRollback, 3);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      await expectInvalidTransaction(() => insert(afterRollback!, 4));
      // A later statement must not slip through either (e.g. on a connection back in the pool).
      await expectInvalidTransaction(() => insert(afterCommit!, 5));
      expect(await ctx.itemIds()).toEqual([1]);
    });
  });
}
