import { postgresjsDriver } from "@tributary/driver-postgresjs";
import postgres from "postgres";
import type { OpenKit } from "./tributary-kit.js";

/** Tributary on postgres.js: transactions are the `TransactionSql` given by `sql.begin`. */
export const openPostgresJsKit: OpenKit<postgres.TransactionSql> = async (dbUrl, { listen, poolSize }) => {
  const sql = postgres(dbUrl, { max: poolSize, onnotice: () => {} });
  return {
    driver: postgresjsDriver(sql, { listen }),
    async businessTransaction(enqueue) {
      await sql.begin(async (tx) => {
        await tx`INSERT INTO bench_orders (note) VALUES (${"order"})`;
        if (enqueue) await enqueue(tx);
      });
    },
    close: () => sql.end({ timeout: 5 }),
  };
};
