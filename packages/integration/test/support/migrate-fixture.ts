import type { Driver } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import pg from "pg";

/**
 * A pg pool and driver whose sessions' search_path is `searchPath`, so a test can tell
 * schema-qualified SQL (lands in the target schema) from SQL that relies on the search_path.
 */
export interface SearchPathPool {
  pool: pg.Pool;
  driver: Driver<pg.PoolClient>;
  close(): Promise<void>;
}

export function poolWithSearchPath(url: string, searchPath: string, max = 2): SearchPathPool {
  const pool = new pg.Pool({ connectionString: urlWithSearchPath(url, searchPath), max });
  return { pool, driver: pgDriver<pg.PoolClient>(pool, { listen: false }), close: () => pool.end() };
}

/** Creates isolated schemas and drops them all at the end of a test. */
export async function withSchemas<T>(count: number, fn: (schemas: IsolatedSchema[]) => Promise<T>): Promise<T> {
  const schemas: IsolatedSchema[] = [];
  try {
    for (let i = 0; i < count; i++) schemas.push(await createIsolatedSchema("mig"));
    return await fn(schemas);
  } finally {
    for (const s of schemas) await s.drop();
  }
}
