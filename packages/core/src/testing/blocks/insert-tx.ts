// Conformance block: insertTx and insertManyTx write with the library's own transaction, or not at all.
import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "../../client/client.js";
import type { ConformanceContext } from "../conformance-context.js";
import { quietLogger } from "../support/quiet-logger.js";
import { Rollback } from "../support/rollback.js";

/** `insertTx`/`insertManyTx` through the Client, on the library's native transaction. */
export function insertTxBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("insertTx", () => {
    let client: Client<TTx>;
    beforeAll(() => {
      client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
    });

    it("insertTx commits with the library's transaction and disappears with its rollback", async () => {
      const committed = await ctx.fx.inTransaction(async (tx) => (await client.insertTx(tx, "tx_job", { ok: true })).job);
      expect(await client.getJob(committed.id)).toMatchObject({ kind: "tx_job", state: "available" });
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          await client.insertManyTx(tx, [
            { kind: "tx_rolled_back", args: {} },
            { kind: "tx_rolled_back", args: {} },
          ]);
          // Invisible outside the transaction (a single-connection library cannot look from outside).
          if (!ctx.target.singleConnection) expect(await ctx.countJobs("kind = 'tx_rolled_back'")).toBe(0);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await ctx.countJobs("kind = 'tx_rolled_back'")).toBe(0);
    });

    it("a wrong object as tx gives INVALID_TRANSACTION and writes nothing", async () => {
      for (const wrong of [null, undefined, 42, "tx", {}]) {
        await expect(client.insertTx(wrong as TTx, "never", {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
      }
      expect(await ctx.countJobs()).toBe(0);
    });

    it("a transaction already committed gives INVALID_TRANSACTION and writes nothing", async () => {
      const leaked = await ctx.fx.inTransaction(async (tx) => tx);
      await expect(client.insertTx(leaked, "after_commit", {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
      expect(await ctx.countJobs()).toBe(0);
    });
  });
}
