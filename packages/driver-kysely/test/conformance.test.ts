// The driver conformance suite on driver-kysely, once per supported dialect.
import { type ConformanceTarget, runDriverConformance } from "@tributary/core/testing";
import type { Transaction } from "kysely";
import { pgDriver } from "@tributary/driver-pg";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { kyselyDriver } from "../src/index.js";
import { kyselyDialects, type TestDatabase } from "./kysely-dialects.js";

for (const dialect of kyselyDialects) {
  const target: ConformanceTarget<Transaction<TestDatabase>> = {
    name: dialect.name,
    async setup(databaseUrl) {
      const opened = dialect.open(databaseUrl);
      return {
        driver: kyselyDriver(opened.db, { listener: opened.listener }),
        root: opened.db,
        poolStats: opened.listenerPoolStats,
        inTransaction: (fn) => opened.db.transaction().execute(fn),
        teardown: () => opened.close(),
      };
    },
  };
  runDriverConformance(target);
}

// With poolDriver, statements outside the caller's transactions go through driver-pg on the
// dialect's pool (prepared), while insertTx/completeTx still run on Kysely's Transaction.
runDriverConformance<Transaction<TestDatabase>>({
  name: "kysely/pg with poolDriver: pgDriver(pool)",
  async setup(databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    const db = new Kysely<TestDatabase>({ dialect: new PostgresDialect({ pool }) });
    return {
      driver: kyselyDriver(db, { poolDriver: pgDriver(pool) }),
      root: db,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount }),
      inTransaction: (fn) => db.transaction().execute(fn),
      teardown: () => db.destroy(),
    };
  },
});
