// A migrated schema of its own, a pg pool on it, and clients with quiet logs, stopped after each test.
import { Client, type ClientConfig, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema, quietLogger } from "@tributary/test-db";
import pg from "pg";

export interface ClientFixture {
  schema: IsolatedSchema;
  pool: pg.Pool;
  client(config: Partial<ClientConfig<pg.PoolClient>>): Client<pg.PoolClient>;
  close(): Promise<void>;
}

export async function clientFixture(prefix: string): Promise<ClientFixture> {
  const schema = await createIsolatedSchema(prefix);
  const pool = new pg.Pool({ connectionString: schema.url, max: 6 });
  await migrate(pgDriver(pool), { schema: schema.name });
  const clients: Client<pg.PoolClient>[] = [];
  return {
    schema,
    pool,
    client(config) {
      const client = new Client<pg.PoolClient>({ driver: pgDriver<pg.PoolClient>(pool), schema: schema.name, logger: quietLogger, pollInterval: 50, ...config });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.stop({ timeout: 1_000 })));
      await pool.end();
      await schema.drop();
    },
  };
}
