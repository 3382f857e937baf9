import { randomBytes } from "node:crypto";
import pg from "pg";

/** The URL of the run's database (set by the global setup). */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set: add @tributary/test-db/global-setup to vitest's globalSetup");
  return url;
}

/** A fresh, uniquely named schema name for one test (lower-case, a valid identifier). */
export function uniqueSchemaName(prefix = "t"): string {
  return `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, "_")}_${randomBytes(5).toString("hex")}`;
}

/** An isolated schema: created empty, dropped with everything in it by `drop()`. */
export interface IsolatedSchema {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty schema for one test file or test, so tests run in parallel without sharing rows. */
export async function createIsolatedSchema(prefix = "t"): Promise<IsolatedSchema> {
  const url = testDatabaseUrl();
  const name = uniqueSchemaName(prefix);
  await adminQuery(url, `CREATE SCHEMA "${name}"`);
  return { name, url, drop: () => adminQuery(url, `DROP SCHEMA IF EXISTS "${name}" CASCADE`) };
}

/** A fresh database for tests that need a whole database (e.g. a default `current_schema()`). */
export async function createIsolatedDatabase(prefix = "t"): Promise<IsolatedSchema> {
  const url = testDatabaseUrl();
  const name = uniqueSchemaName(prefix);
  await adminQuery(url, `CREATE DATABASE "${name}"`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    name,
    url: dbUrl.toString(),
    drop: () => adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A connection URL whose sessions default to `schema` (via the `options` startup parameter). */
export function urlWithSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
