// Conformance block: client.withTx, the ambient transaction, on the library's native transaction.
import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "../../client/client.js";
import type { ConformanceContext } from "../conformance-context.js";
import { quietLogger } from "../support/quiet-logger.js";
import { Rollback } from "../support/rollback.js";

/** Inserts deep in a call stack join the scope's transaction, and never escape it. */
export function withTxBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("withTx", () => {
    let client: Client<TTx>;
    beforeAll(() => {
      client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
    });
    /** Service code that knows nothing of the transaction. */
    const placeOrder = async (n: number) => {
      await new Promise((r) => setImmediate(r));
      await client.insert("ambient", { n });
      await client.insertMany([{ kind: "ambient_many", args: { n } }]);
    };

    it("nested inserts commit with the scope's transaction, and a rollback takes them with it", async () => {
      await ctx.fx.inTransaction((tx) => client.withTx(tx, () => placeOrder(1)));
      expect(await ctx.countJobs("kind IN ('ambient', 'ambient_many')")).toBe(2);
      await ctx.sql("DELETE FROM $schema.river_job");
      await expect(
        ctx.fx.inTransaction((tx) =>
          client.withTx(tx, async () => {
            await placeOrder(2);
            throw new Rollback();
          }),
        ),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await ctx.countJobs()).toBe(0);
    });

    it.skipIf(ctx.target.singleConnection === true)("two concurrent scopes whose awaits interleave never see each other's transaction", async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const committed = ctx.fx.inTransaction((tx) =>
        client.withTx(tx, async () => {
          await client.insert("scope_a", {});
          await gate;
          await client.insert("scope_a", {});
        }),
      );
      const rolledBack = ctx.fx.inTransaction((tx) =>
        client.withTx(tx, async () => {
          await client.insert("scope_b", {});
          release();
          await new Promise((r) => setTimeout(r, 20));
          await client.insert("scope_b", {});
          throw new Rollback();
        }),
      );
      await Promise.all([committed, rolledBack.catch((e: unknown) => e)]);
      expect(await ctx.countJobs("kind = 'scope_a'")).toBe(2);
      expect(await ctx.countJobs("kind = 'scope_b'")).toBe(0);
    });

    it("an insert that reaches the scope after it settled, another transaction inside it, and insertTx with another tx all throw INVALID_TRANSACTION", async () => {
      let late: Promise<unknown> | undefined;
      await ctx.fx.inTransaction((tx) =>
        client.withTx(tx, async () => {
          late = new Promise((r) => setTimeout(r, 50)).then(() => client.insert("too_late", {}));
          late.catch(() => {});
        }),
      );
      await expect(late).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
      if (!ctx.target.singleConnection) {
        await ctx.fx.inTransaction((outer) =>
          client.withTx(outer, async () => {
            await ctx.fx.inTransaction(async (inner) => {
              await expect(client.withTx(inner, async () => {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
              await expect(client.insertTx(inner, "other_tx", {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
            });
          }),
        );
      }
      expect(await ctx.countJobs()).toBe(0);
    });
  });
}
