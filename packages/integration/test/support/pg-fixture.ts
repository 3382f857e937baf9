import { Client, type ClientConfig, type Driver } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";

/** A pg pool, a driver on it and an empty schema of its own, for one test. */
export interface PgTestContext {
  pool: pg.Pool;
  driver: Driver<pg.PoolClient>;
  schema: IsolatedSchema;
  /** Runs SQL on the pool with `$schema` replaced by the quoted schema name; returns the rows. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /**
   * A client on this schema (by default on `driver`), stopped with `{ cancel: true }` by
   * `close()`. `config` overrides the defaults, including `driver`.
   */
  client(config: Partial<ClientConfig<pg.PoolClient>>): Client<pg.PoolClient>;
  /** Stops the clients made by `client()`, then ends the pool and drops the schema. */
  close(): Promise<void>;
}

export async function pgTestContext(prefix = "it", options: { max?: number; listen?: boolean } = {}): Promise<PgTestContext> {
  const schema = await createIsolatedSchema(prefix);
  const pool = new pg.Pool({ connectionString: schema.url, max: options.max ?? 10 });
  const driver = pgDriver<pg.PoolClient>(pool, { listen: options.listen ?? true });
  const clients: Client<pg.PoolClient>[] = [];
  return {
    pool,
    driver,
    schema,
    async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
      return (await pool.query(sql.replaceAll("$schema", `"${schema.name}"`), params)).rows as R[];
    },
    client(config) {
      const client = new Client<pg.PoolClient>({ driver, schema: schema.name, ...config });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.splice(0).map((c) => c.stop({ cancel: true })));
      await pool.end();
      await schema.drop();
    },
  };
}
