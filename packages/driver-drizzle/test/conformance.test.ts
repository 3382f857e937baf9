// The driver conformance suite on driver-drizzle, once per Drizzle flavour: node-postgres, postgres.js, PGlite.
import { PGlite } from "@electric-sql/pglite";
import { type ConformanceTarget, runDriverConformance } from "@tributary/core/testing";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgresJs } from "drizzle-orm/postgres-js";
import pg from "pg";
import postgres from "postgres";
import { drizzleDriver } from "../src/index.js";
import type { AnyDrizzleTx } from "./support/drizzle-fixture.js";

runDriverConformance<AnyDrizzleTx>({
  name: "drizzle/node-postgres",
  async setup(databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
    const db = drizzleNodePg(pool);
    return {
      driver: drizzleDriver(db),
      root: db,
      inTransaction: (fn) => db.transaction(fn),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount }),
      teardown: () => pool.end(),
    };
  },
});

runDriverConformance<AnyDrizzleTx>({
  name: "drizzle/postgres.js",
  async setup(databaseUrl) {
    const sql = postgres(databaseUrl, { max: 8, onnotice: () => {} });
    const db = drizzlePostgresJs(sql);
    // No poolStats: postgres.js listens on one connection of its own, outside the pool's `max`.
    return { driver: drizzleDriver(db), root: db, inTransaction: (fn) => db.transaction(fn), teardown: () => sql.end({ timeout: 5 }) };
  },
});

/**
 * PGlite is ONE connection: a statement outside an open transaction waits until it ends, so
 * the target says so and the suite skips its look from outside an open transaction and the
 * listener's reconnect (there is no backend to terminate).
 */
const pgliteTarget: ConformanceTarget<AnyDrizzleTx> = {
  name: "drizzle/pglite",
  singleConnection: true,
  // In-process: the URL is not used; one in-memory PGlite serves the whole suite.
  async setup() {
    const pglite = new PGlite();
    const db = drizzlePglite(pglite);
    return { driver: drizzleDriver(db), root: db, inTransaction: (fn) => db.transaction(fn), teardown: () => pglite.close() };
  },
};

runDriverConformance(pgliteTarget);
