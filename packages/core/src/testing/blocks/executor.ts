// Conformance block: the driver's pool executor runs core's statements and returns plain rows.
import { describe, expect, it } from "vitest";
import type { ConformanceContext } from "../conformance-context.js";

/** `executor()`: `$n` statements, scripts and failures on the library's pool. */
export function executorBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("executor", () => {
    it("runs $n statements and returns an array of plain row objects", async () => {
      const rows = await ctx.driver
        .executor()
        .query("SELECT $1::text AS t, $2::int AS i, $3::boolean AS b, $4::text AS n, $5::text::jsonb::text AS j", [
          "héllo <&>",
          42,
          true,
          null,
          JSON.stringify({ a: [1, "x"] }),
        ]);
      expect(Array.isArray(rows)).toBe(true);
      expect(rows).toEqual([{ t: "héllo <&>", i: 42, b: true, n: null, j: '{"a": [1, "x"]}' }]);
      expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
      expect(await ctx.driver.executor().query("SELECT 1 AS one WHERE false")).toEqual([]);
    });

    it("commits a write on the pool at once and returns its RETURNING rows", async () => {
      const ex = ctx.driver.executor();
      expect(await ex.query(`INSERT INTO ${ctx.items} (id) VALUES ($1) RETURNING id`, [7])).toEqual([{ id: 7 }]);
      expect(await ctx.itemIds()).toEqual([7]);
    });

    it("rejects a failing statement, writes nothing of it, and the pool keeps working", async () => {
      const ex = ctx.driver.executor();
      await ex.query(`INSERT INTO ${ctx.items} VALUES (1)`);
      const before = ctx.fx.poolStats?.();
      await expect(ex.query(`INSERT INTO ${ctx.items} VALUES ($1), ($2)`, [2, 1])).rejects.toThrow();
      await expect(ex.query("SELECT 1/0 AS boom")).rejects.toThrow();
      expect(await ctx.itemIds()).toEqual([1]);
      // Failed statements give their connection back to the pool.
      if (before) expect(inUse(ctx.fx.poolStats!())).toBe(inUse(before));
      await Promise.all(Array.from({ length: 6 }, (_, i) => ex.query(`INSERT INTO ${ctx.items} VALUES ($1)`, [10 + i])));
      expect(await ctx.itemIds()).toEqual([1, 10, 11, 12, 13, 14, 15]);
    });
  });
}

function inUse(stats: { total: number; idle: number }): number {
  return stats.total - stats.idle;
}
