// The README's code, checked by tsc (pnpm typecheck, and vitest's typecheck inside pnpm test): each block below is copied from README.md.
import { Client, defineJob, migrate, workersFor } from "@tributary/core";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { boolean, pgTable, text } from "drizzle-orm/pg-core";
import pg from "pg";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { drizzleDriver } from "../src/index.js";

// What the README takes from the reader's own code.
const orders = pgTable("orders", { id: text("id").primaryKey(), receiptSent: boolean("receipt_sent").notNull().default(false) });
declare const o: { id: string; receiptSent: boolean };
declare function sendReceipt(orderId: string, options: { signal: AbortSignal }): Promise<void>;

describe("README snippets", () => {
  it("enqueue in your transaction, run workers, completeTx in the worker's transaction", async () => {
    // ## Enqueue in your transaction
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    pool.on("error", (err) => console.warn("idle connection error:", err.message));
    const db = drizzle(pool);

    const driver = drizzleDriver(db);
    await migrate(driver);

    const client = new Client({ driver });

    await db.transaction(async (tx) => {
      await tx.insert(orders).values(o);
      await client.insertTx(tx, "send_receipt", { orderId: o.id });
    });

    // ## Run workers
    const worker = new Client({
      driver,
      queues: { default: { maxWorkers: 10 } },
      workers: {
        send_receipt: async (job, ctx) => {
          await sendReceipt(job.args.orderId, { signal: ctx.signal });
        },
      },
    });
    await worker.start();
    await worker.stop();

    // To finish a job in the same transaction as its business write:
    new Client({
      driver,
      queues: { default: { maxWorkers: 10 } },
      workers: {
        send_receipt: async (job, ctx) => {
          await db.transaction(async (tx) => {
            await tx.update(orders).set({ receiptSent: true }).where(eq(orders.id, job.args.orderId));
            await ctx.client.completeTx(tx, job);
          });
        },
      },
    });

    // ### Typed jobs
    const sendReceiptJob = defineJob({ kind: "send_receipt", schema: z.object({ orderId: z.string() }) });
    const { defineWorker } = workersFor(driver);
    const receipts = new Client({
      driver,
      queues: { default: { maxWorkers: 10 } },
      workers: [
        defineWorker(sendReceiptJob, async (job, ctx) => {
          await db.transaction(async (tx) => {
            await tx.update(orders).set({ receiptSent: true }).where(eq(orders.id, job.args.orderId));
            await ctx.client.completeTx(tx, job);
          });
        }),
      ],
    });
    await db.transaction(async (tx) => {
      await tx.insert(orders).values(o);
      await receipts.insertTx(tx, sendReceiptJob, { orderId: o.id });
    });

    // What makes the blocks above typed: ctx.client is a Client on the driver's own transaction type.
    defineWorker(sendReceiptJob, async (job, ctx) => {
      expectTypeOf(job.args.orderId).toEqualTypeOf<string>();
      // @ts-expect-error the root db is not a transaction
      await ctx.client.completeTx(pool, job);
      // @ts-expect-error orderId must be a string
      await receipts.insert(sendReceiptJob, { orderId: 1 });
    });
  });
});
