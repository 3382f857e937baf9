import { kyselyDriver } from "@tributary/driver-kysely";
import { PgListener } from "@tributary/driver-pg";
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import { benchPool } from "./bench-pool.js";
import type { OpenKit } from "./tributary-kit.js";

interface BenchDb {
  bench_orders: { id: string; note: string };
}

/** Tributary on Kysely (PostgresDialect on a pg Pool); LISTEN through driver-pg's listener. */
export const openKyselyKit: OpenKit<Transaction<BenchDb>> = async (dbUrl, { listen, poolSize }) => {
  const pool = benchPool(dbUrl, poolSize);
  const db = new Kysely<BenchDb>({ dialect: new PostgresDialect({ pool }) });
  return {
    driver: kyselyDriver(db, listen ? { listener: () => new PgListener(pool) } : {}),
    async businessTransaction(enqueue) {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto("bench_orders").values({ note: "order" } as never).execute();
        if (enqueue) await enqueue(trx);
      });
    },
    // Kysely's destroy() ends the pool it was given.
    close: () => db.destroy(),
  };
};
