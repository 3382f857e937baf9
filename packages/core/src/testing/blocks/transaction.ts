// Conformance block: the driver's own transaction() commits, rolls back and stays on one connection.
import { describe, expect, it } from "vitest";
import type { ConformanceContext } from "../conformance-context.js";

/** `transaction(fn)`: the transactions core opens itself (migrations, leadership, maintenance). */
export function transactionBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("transaction", () => {
    it("commits when fn resolves and returns fn's value untouched (an array stays an array)", async () => {
      const result = await ctx.driver.transaction(async (ex) => {
        await ex.query(`INSERT INTO ${ctx.items} VALUES ($1)`, [1]);
        // Not visible outside before the commit (one connection cannot look from outside).
        if (!ctx.target.singleConnection) expect(await ctx.itemIds()).toEqual([]);
        return ex.query<{ id: number }>(`INSERT INTO ${ctx.items} VALUES ($1) RETURNING id`, [2]);
      });
      expect(result).toEqual([{ id: 2 }]);
      expect(await ctx.itemIds()).toEqual([1, 2]);
    });

    it("rolls back and rethrows fn's own error when fn throws", async () => {
      const boom = new Error("boom");
      await expect(
        ctx.driver.transaction(async (ex) => {
          await ex.query(`INSERT INTO ${ctx.items} VALUES ($1)`, [1]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await ctx.itemIds()).toEqual([]);
    });

    it("rolls back everything when a statement in it fails", async () => {
      await expect(
        ctx.driver.transaction(async (ex) => {
          await ex.query(`INSERT INTO ${ctx.items} VALUES ($1)`, [1]);
          await ex.query(`INSERT INTO ${ctx.items} VALUES ($1)`, [1]);
        }),
      ).rejects.toThrow();
      expect(await ctx.itemIds()).toEqual([]);
    });

    it("runs every statement of fn in one transaction on one connection", async () => {
      const probe = "SELECT pg_current_xact_id()::text AS xact, pg_backend_pid() AS pid";
      const [first, second] = await ctx.driver.transaction(async (ex) => [
        (await ex.query<{ xact: string; pid: number }>(probe))[0],
        (await ex.query<{ xact: string; pid: number }>(probe))[0],
      ]);
      expect(first).toEqual(second);
      expect(first?.xact).toMatch(/^[0-9]+$/);
    });
  });
}
