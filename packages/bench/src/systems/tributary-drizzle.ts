import { drizzleDriver } from "@tributary/driver-drizzle";
import { bigserial, pgTable, text } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { benchPool } from "./bench-pool.js";
import type { OpenKit } from "./tributary-kit.js";

const orders = pgTable("bench_orders", {
  id: bigserial("id", { mode: "bigint" }).primaryKey(),
  note: text("note").notNull(),
});

function openDb(pool: pg.Pool) {
  return drizzle(pool);
}

type BenchDrizzleTx = Parameters<Parameters<ReturnType<typeof openDb>["transaction"]>[0]>[0];

/** Tributary on Drizzle over node-postgres. */
export const openDrizzleKit: OpenKit<BenchDrizzleTx> = async (dbUrl, { listen, poolSize }) => {
  const pool = benchPool(dbUrl, poolSize);
  const db = openDb(pool);
  return {
    driver: drizzleDriver(db, { listen }),
    async businessTransaction(enqueue) {
      await db.transaction(async (tx) => {
        await tx.insert(orders).values({ note: "order" });
        if (enqueue) await enqueue(tx);
      });
    },
    close: () => pool.end(),
  };
};
