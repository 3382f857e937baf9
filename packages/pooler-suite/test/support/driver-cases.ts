// Each database library the suite points at the pooler, opened the way an application would, behind one shape.
import { PrismaPg } from "@prisma/adapter-pg";
import type { Driver, Listener } from "@tributary/core";
import { drizzleDriver } from "@tributary/driver-drizzle";
import { kyselyDriver } from "@tributary/driver-kysely";
import { pgDriver } from "@tributary/driver-pg";
import { postgresjsDriver } from "@tributary/driver-postgresjs";
import { prismaDriver } from "@tributary/driver-prisma";
import { sql as drizzleSql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePostgresjs } from "drizzle-orm/postgres-js";
import { Kysely, PostgresDialect, sql as kyselySql } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import pg from "pg";
import postgres from "postgres";
import { PrismaClient } from "../../fixture/generated/client.js";

/** How a case is opened. */
export interface OpenOptions {
  /** Connections of the library's own pool. */
  max: number;
  /** Named prepared statements on (the libraries' default) or off. */
  prepare: boolean;
  /** A direct LISTEN connection; none → the client polls, unless `defaultListener`. */
  listener?: () => Listener;
  /** Keep the driver's own listener (on the library's pool): only where the pooler keeps sessions. */
  defaultListener?: boolean;
}

/** One library on one URL: the Tributary driver, the library's own transaction, and closing it. */
export interface OpenedLibrary {
  // biome-ignore lint/suspicious/noExplicitAny: each case has its own transaction type; the scenarios treat it as opaque.
  driver: Driver<any>;
  /** Runs `fn` in the library's own transaction, with one application write (`orders`) in it first. */
  inTx<T>(schema: string, customer: string, fn: (tx: unknown) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A library the suite covers. */
export interface DriverCase {
  name: string;
  /** The connection library underneath. */
  library: "pg" | "postgres.js";
  /**
   * Whether Tributary's statements are named prepared statements with `prepare: true`. Kysely's
   * dialects never name them (kysely-postgres-js runs `sql.unsafe` unprepared), nor does Prisma's pg adapter.
   */
  prepares: boolean;
  open(url: string, o: OpenOptions): OpenedLibrary;
}

const orderInsert = (schema: string) => `INSERT INTO "${schema}".orders (customer) VALUES ($1)`;

function pgPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {});
  return pool;
}

function postgresjsSql(url: string, o: OpenOptions): postgres.Sql {
  return postgres(url, { max: o.max, prepare: o.prepare, onnotice: () => {} });
}

const drizzleOrder = (schema: string, customer: string) =>
  drizzleSql`INSERT INTO ${drizzleSql.identifier(schema)}.orders (customer) VALUES (${customer})`;

const listenOptions = (o: OpenOptions) => {
  if (o.listener) return { listener: o.listener };
  return o.defaultListener ? {} : { listen: false };
};

export const DRIVER_CASES: readonly DriverCase[] = [
  {
    name: "pg",
    library: "pg",
    prepares: true,
    open(url, o) {
      const pool = pgPool(url, o.max);
      return {
        driver: pgDriver(pool, { prepare: o.prepare, ...listenOptions(o) }),
        async inTx(schema, customer, fn) {
          const conn = await pool.connect();
          try {
            await conn.query("BEGIN");
            await conn.query(orderInsert(schema), [customer]);
            const result = await fn(conn);
            await conn.query("COMMIT");
            return result;
          } catch (err) {
            await conn.query("ROLLBACK").catch(() => {});
            throw err;
          } finally {
            conn.release();
          }
        },
        close: () => pool.end(),
      };
    },
  },
  {
    name: "postgres.js",
    library: "postgres.js",
    prepares: true,
    open(url, o) {
      const sql = postgresjsSql(url, o);
      return {
        driver: postgresjsDriver(sql, { prepare: o.prepare, ...listenOptions(o) }),
        inTx: (schema, customer, fn) =>
          sql.begin(async (tx) => {
            await tx.unsafe(orderInsert(schema), [customer]);
            return { value: await fn(tx) };
          }).then((box) => (box as { value: Awaited<ReturnType<typeof fn>> }).value),
        close: () => sql.end({ timeout: 5 }),
      };
    },
  },
  {
    name: "kysely on pg",
    library: "pg",
    prepares: false,
    open(url, o) {
      const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: pgPool(url, o.max) }) });
      return kyselyOn(db, o);
    },
  },
  {
    name: "kysely on postgres.js",
    library: "postgres.js",
    prepares: false,
    open(url, o) {
      const db = new Kysely<Record<string, never>>({ dialect: new PostgresJSDialect({ postgres: postgresjsSql(url, o) }) });
      return kyselyOn(db, o);
    },
  },
  {
    name: "drizzle on pg",
    library: "pg",
    prepares: true,
    open(url, o) {
      const pool = pgPool(url, o.max);
      const db = drizzlePg(pool);
      return {
        driver: drizzleDriver(db, { prepare: o.prepare, ...listenOptions(o) }),
        inTx: (schema, customer, fn) =>
          db.transaction(async (tx) => {
            await tx.execute(drizzleOrder(schema, customer));
            return fn(tx);
          }),
        close: () => pool.end(),
      };
    },
  },
  {
    name: "drizzle on postgres.js",
    library: "postgres.js",
    prepares: true,
    open(url, o) {
      const sql = postgresjsSql(url, o);
      const db = drizzlePostgresjs(sql);
      return {
        driver: drizzleDriver(db, { prepare: o.prepare, ...listenOptions(o) }),
        inTx: (schema, customer, fn) =>
          db.transaction(async (tx) => {
            await tx.execute(drizzleOrder(schema, customer));
            return fn(tx);
          }),
        close: () => sql.end({ timeout: 5 }),
      };
    },
  },
  {
    name: "prisma",
    library: "pg",
    prepares: false,
    open(url, o) {
      const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: o.max }) });
      return {
        driver: prismaDriver(prisma, listenOptions(o)),
        inTx: (schema, customer, fn) =>
          prisma.$transaction(async (tx) => {
            await tx.$executeRawUnsafe(orderInsert(schema), customer);
            return fn(tx);
          }),
        close: () => prisma.$disconnect(),
      };
    },
  },
];

function kyselyOn(db: Kysely<Record<string, never>>, o: OpenOptions): OpenedLibrary {
  return {
    driver: kyselyDriver(db, listenOptions(o)),
    inTx: (schema, customer, fn) =>
      db.transaction().execute(async (trx) => {
        await kyselySql`INSERT INTO ${kyselySql.id(schema, "orders")} (customer) VALUES (${customer})`.execute(trx);
        return fn(trx);
      }),
    close: () => db.destroy(),
  };
}
