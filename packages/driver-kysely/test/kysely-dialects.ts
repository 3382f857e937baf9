// The Kysely dialects the tests run on (pg, postgres.js), each with the listener and pool counts it can give.
import { PgListener } from "@tributary/driver-pg";
import { Kysely, PostgresDialect } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import pg from "pg";
import postgres from "postgres";
import type { PoolStats } from "@tributary/core/testing";
import type { KyselyDriverOptions } from "../src/index.js";

/** The tables the tests write through Kysely's query builder. */
export interface TestDatabase {
  orders: { id: number; note: string };
}

/** A Kysely instance on one of the supported dialects, plus what the tests need around it. */
export interface OpenedKysely {
  db: Kysely<TestDatabase>;
  /** A Listener factory for the driver, when this dialect's library can give one. */
  listener: KyselyDriverOptions["listener"];
  /** Counts of the pg.Pool the listener takes its connection from. */
  listenerPoolStats(): PoolStats;
  close(): Promise<void>;
}

export interface KyselyDialectCase {
  name: string;
  open(url: string): OpenedKysely;
}

export const kyselyDialects: KyselyDialectCase[] = [
  {
    name: "kysely/pg",
    open(url) {
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      const db = new Kysely<TestDatabase>({ dialect: new PostgresDialect({ pool }) });
      return {
        db,
        listener: () => new PgListener(pool),
        listenerPoolStats: () => ({ total: pool.totalCount, idle: pool.idleCount }),
        close: () => db.destroy(),
      };
    },
  },
  {
    name: "kysely/postgres.js",
    open(url) {
      const sql = postgres(url, { max: 4, onnotice: () => {} });
      const db = new Kysely<TestDatabase>({ dialect: new PostgresJSDialect({ postgres: sql }) });
      // The postgres.js listener lives in @tributary/driver-postgresjs; a PgListener on a
      // pool of its own shows that any Listener fits.
      const listenPool = new pg.Pool({ connectionString: url, max: 1 });
      return {
        db,
        listener: () => new PgListener(listenPool),
        listenerPoolStats: () => ({ total: listenPool.totalCount, idle: listenPool.idleCount }),
        close: async () => {
          await db.destroy();
          await listenPool.end();
        },
      };
    },
  },
];
