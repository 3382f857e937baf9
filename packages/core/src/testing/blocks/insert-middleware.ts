// Conformance block: insert middleware and hooks around inserts in the library's own transaction.
import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "../../client/client.js";
import type { ConformanceContext } from "../conformance-context.js";
import { quietLogger } from "../support/quiet-logger.js";
import { Rollback } from "../support/rollback.js";

/** Metadata set by insert middleware is what the library's transaction commits; a throwing insertBegin writes nothing. */
export function insertMiddlewareBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("insert middleware", () => {
    let client: Client<TTx>;
    beforeAll(() => {
      client = new Client<TTx>({
        driver: ctx.driver,
        schema: ctx.schema,
        logger: quietLogger,
        middleware: [
          {
            name: "stamp",
            insert: async (rows, next) => {
              for (const row of rows) row.metadata = { ...row.metadata, stamped: row.kind };
              return next();
            },
          },
        ],
        hooks: {
          insertBegin: (rows) => {
            if (rows.some((r) => r.kind === "refused")) throw new Error("refused by insertBegin");
          },
        },
      });
    });

    it("stores the metadata middleware set, through insertTx and insertManyTx, and leaves the unique key alone", async () => {
      const plain = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
      const reference = await plain.insert("keyed", { k: 1 }, { unique: { byArgs: true } });
      await ctx.sql("DELETE FROM $schema.river_job");
      const [one, many] = await ctx.fx.inTransaction(async (tx) => [
        await client.insertTx(tx, "keyed", { k: 1 }, { metadata: { own: true }, unique: { byArgs: true } }),
        await client.insertManyTx(tx, [{ kind: "batch", args: {} }, { kind: "batch", args: {} }]),
      ] as const);
      const rows = await ctx.sql<{ id: string; metadata: string; unique_key: string | null }>(
        "SELECT id::text AS id, metadata::text AS metadata, encode(unique_key, 'hex') AS unique_key FROM $schema.river_job ORDER BY id",
      );
      expect(rows.map((r) => JSON.parse(r.metadata))).toEqual([{ own: true, stamped: "keyed" }, { stamped: "batch" }, { stamped: "batch" }]);
      expect(rows[0]!.unique_key).toBe(reference.job.uniqueKey);
      expect(one.job.metadata).toEqual({ own: true, stamped: "keyed" });
      expect(many.map((r) => r.job.metadata)).toEqual([{ stamped: "batch" }, { stamped: "batch" }]);
    });

    it("a throwing insertBegin fails the insert and the library's transaction writes nothing", async () => {
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          await client.insertTx(tx, "fine", {});
          await client.insertTx(tx, "refused", {});
        }),
      ).rejects.toThrow("refused by insertBegin");
      expect(await ctx.countJobs()).toBe(0);
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          await client.insertTx(tx, "kept", {});
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await ctx.countJobs()).toBe(0);
    });
  });
}
