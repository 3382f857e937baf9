import { PGlite } from "@electric-sql/pglite";
import type { Driver } from "@tributary/core";
import { createIsolatedSchema, uniqueSchemaName, urlWithSearchPath } from "@tributary/test-db";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgresJs } from "drizzle-orm/postgres-js";
import pg from "pg";
import postgres from "postgres";
import { drizzleDriver } from "../../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: one suite drives the three Drizzle flavours
export type AnyDrizzleDb = PgDatabase<PgQueryResultHKT, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnyDrizzleTx = PgTransaction<PgQueryResultHKT, any, any>;

/** One Drizzle database in a schema of its own, and the driver built on it. */
export interface DrizzleFixture {
  db: AnyDrizzleDb;
  driver: Driver<AnyDrizzleTx>;
  /** A schema no other test uses; tables and channels are qualified with it. */
  schema: string;
  close(): Promise<void>;
}

/** How to open a {@link DrizzleFixture} on one Drizzle flavour. */
export interface DrizzleFlavourTarget {
  flavor: "node-postgres" | "postgres.js" | "pglite";
  open(): Promise<DrizzleFixture>;
}

export const nodePgTarget: DrizzleFlavourTarget = {
  flavor: "node-postgres",
  async open() {
    const isolated = await createIsolatedSchema("drz_pg");
    const pool = new pg.Pool({ connectionString: urlWithSearchPath(isolated.url, isolated.name), max: 4 });
    const db = drizzleNodePg(pool);
    return {
      db,
      driver: drizzleDriver(db),
      schema: isolated.name,
      async close() {
        await pool.end();
        await isolated.drop();
      },
    };
  },
};

export const postgresJsTarget: DrizzleFlavourTarget = {
  flavor: "postgres.js",
  async open() {
    const isolated = await createIsolatedSchema("drz_pjs");
    const sql = postgres(urlWithSearchPath(isolated.url, isolated.name), { max: 4, onnotice: () => {} });
    const db = drizzlePostgresJs(sql);
    return {
      db,
      driver: drizzleDriver(db),
      schema: isolated.name,
      async close() {
        await sql.end({ timeout: 5 });
        await isolated.drop();
      },
    };
  },
};

/**
 * PGlite starts in seconds, so one instance serves a whole test file; each fixture still gets
 * a schema of its own inside it. `close()` drops the schema; `shutdown()` closes the instance.
 */
export function pgliteTarget(): DrizzleFlavourTarget & { shutdown(): Promise<void> } {
  let instance: PGlite | undefined;
  return {
    flavor: "pglite",
      async open() {
      instance ??= new PGlite();
      const pglite = instance;
      const schema = uniqueSchemaName("drz_pgl");
      await pglite.exec(`CREATE SCHEMA "${schema}"`);
      const db = drizzlePglite(pglite);
      return {
        db,
        driver: drizzleDriver(db),
        schema,
        close: async () => void (await pglite.exec(`DROP SCHEMA "${schema}" CASCADE`)),
      };
    },
    async shutdown() {
      await instance?.close();
      instance = undefined;
    },
  };
}
