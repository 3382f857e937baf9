// The driver conformance suite on driver-postgresjs: one postgres() instance.
import { type ConformanceTarget, runDriverConformance } from "@tributary/core/testing";
import postgres from "postgres";
import { postgresjsDriver } from "../src/index.js";

const target: ConformanceTarget<postgres.TransactionSql> = {
  name: "postgresjs",
  async setup(databaseUrl) {
    const sql = postgres(databaseUrl, { max: 5, onnotice: () => {} });
    return {
      driver: postgresjsDriver<postgres.TransactionSql>(sql),
      root: sql,
      // The box keeps sql.begin from treating an array result as promises to await.
      inTransaction: async (fn) => (await sql.begin(async (tx) => ({ value: await fn(tx) }))).value,
      // No poolStats: postgres.js listens on one connection of its own, outside the pool's `max`.
      teardown: () => sql.end({ timeout: 5 }),
    };
  },
};

runDriverConformance(target);
