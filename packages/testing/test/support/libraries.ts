// The five database libraries as an application builds them, each on its own isolated schema, with a rolled-back test transaction.
import { PrismaPg } from "@prisma/adapter-pg";
import { Client, type ClientConfig, type Driver, migrate } from "@tributary/core";
import { drizzleDriver } from "@tributary/driver-drizzle";
import { kyselyDriver } from "@tributary/driver-kysely";
import { pgDriver } from "@tributary/driver-pg";
import { postgresjsDriver } from "@tributary/driver-postgresjs";
import { prismaDriver } from "@tributary/driver-prisma";
import { createIsolatedSchema, type IsolatedSchema, quietLogger, urlWithSearchPath } from "@tributary/test-db";
import { drizzle } from "drizzle-orm/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import postgres from "postgres";
import { PrismaClient } from "../../example/generated/prisma/client.js";

/** One library on a fresh, migrated schema. */
export interface LibraryFixture {
  name: string;
  schema: IsolatedSchema;
  /** A client on this library's driver and the fixture's schema, with `config`'s workers and middleware. */
  client(config?: Omit<ClientConfig<unknown>, "driver">): Client<unknown>;
  /** Runs `fn` in one of the library's native transactions and always rolls it back. */
  rollback(fn: (tx: unknown) => Promise<void>): Promise<void>;
  /** Runs `fn` in one of the library's native transactions and commits it. */
  commit<T>(fn: (tx: unknown) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface Built {
  driver: Driver<any>;
  rollback(fn: (tx: unknown) => Promise<void>): Promise<void>;
  commit<T>(fn: (tx: unknown) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

/** Thrown from inside a library's transaction callback to roll it back; swallowed by `rollback`. */
class Rollback extends Error {}

async function rollingBack(run: (fn: (tx: any) => Promise<void>) => Promise<unknown>, fn: (tx: unknown) => Promise<void>): Promise<void> {
  try {
    await run(async (tx) => {
      await fn(tx);
      throw new Rollback("rolled back by the test");
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
}

const BUILDERS: Record<string, (url: string, schema: string) => Built> = {
  pg(url) {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const inTx = async <T>(fn: (tx: pg.PoolClient) => Promise<T>, commit: boolean): Promise<T> => {
      const tx = await pool.connect();
      try {
        await tx.query("BEGIN");
        const value = await fn(tx);
        await tx.query(commit ? "COMMIT" : "ROLLBACK");
        return value;
      } catch (err) {
        await tx.query("ROLLBACK");
        throw err;
      } finally {
        tx.release();
      }
    };
    return { driver: pgDriver(pool), rollback: (fn) => inTx(fn, false), commit: (fn) => inTx(fn, true), end: () => pool.end() };
  },
  postgresjs(url, schema) {
    const sql = postgres(url, { max: 4, onnotice: () => {}, connection: { search_path: schema } });
    return {
      driver: postgresjsDriver(sql),
      rollback: (fn) => rollingBack((f) => sql.begin(f), fn),
      // The box keeps sql.begin from treating an array result as promises to await.
      commit: async (fn) => (await sql.begin(async (tx) => ({ value: await fn(tx) }))).value,
      end: () => sql.end({ timeout: 5 }),
    };
  },
  kysely(url) {
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 4 }) }) });
    return {
      driver: kyselyDriver(db),
      rollback: (fn) => rollingBack((f) => db.transaction().execute(f), fn),
      commit: (fn) => db.transaction().execute(fn),
      end: () => db.destroy(),
    };
  },
  drizzle(url) {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const db = drizzle(pool);
    return {
      driver: drizzleDriver(db),
      rollback: (fn) => rollingBack((f) => db.transaction(f), fn),
      commit: (fn) => db.transaction(fn),
      end: () => pool.end(),
    };
  },
  prisma(url, schema) {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }, { schema }) });
    // A generous timeout: Prisma's 5 s default could expire on a loaded machine.
    const options = { timeout: 30_000 };
    return {
      driver: prismaDriver(prisma),
      rollback: (fn) => rollingBack((f) => prisma.$transaction(f, options), fn),
      commit: (fn) => prisma.$transaction(fn, options),
      end: () => prisma.$disconnect(),
    };
  },
};

/** The five libraries, by the name tests show. */
export const LIBRARIES = Object.keys(BUILDERS);

/** Builds `name` on a fresh schema, migrated, with a `users` table for the application's own writes. */
export async function openLibrary(name: string): Promise<LibraryFixture> {
  const schema = await createIsolatedSchema(`testing_${name}`);
  const built = BUILDERS[name]!(urlWithSearchPath(schema.url, schema.name), schema.name);
  await migrate(built.driver, { schema: schema.name });
  await built.driver.executor().query(`CREATE TABLE "${schema.name}".users (id serial PRIMARY KEY, email text NOT NULL)`);
  return {
    name,
    schema,
    client: (config = {}) => new Client({ logger: quietLogger, ...config, driver: built.driver, schema: schema.name }),
    rollback: built.rollback,
    commit: built.commit,
    async close() {
      await built.end();
      await schema.drop();
    },
  };
}
