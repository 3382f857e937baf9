import type { Driver } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";

/** A pg pool, a driver on it and an empty schema of its own, for one test. */
export interface PgTestContext {
  pool: pg.Pool;
  driver: Driver<pg.PoolClient>;
  schema: IsolatedSchema;
  close(): Promise<void>;
}

export async function pgTestContext(prefix = "it", options: { max?: number; listen?: boolean } = {}): Promise<PgTestContext> {
  const schema = await createIsolatedSchema(prefix);
  const pool = new pg.Pool({ connectionString: schema.url, max: options.max ?? 10 });
  const driver = pgDriver<pg.PoolClient>(pool, { listen: options.listen ?? true });
  return {
    pool,
    driver,
    schema,
    async close() {
      await pool.end();
      await schema.drop();
    },
  };
}
