// The driver conformance suite on driver-kysely, once per supported dialect.
import { type ConformanceTarget, runDriverConformance } from "@tributary/core/testing";
import type { Transaction } from "kysely";
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
