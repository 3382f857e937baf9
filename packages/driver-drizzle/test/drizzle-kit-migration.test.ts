import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, migrationSql, REQUIRED_MIGRATION_VERSION } from "@tributary/core";
import { createIsolatedSchema, type IsolatedSchema, urlWithSearchPath } from "@tributary/test-db";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePostgresJs } from "drizzle-orm/postgres-js";
import { migrate as migratePostgresJs } from "drizzle-orm/postgres-js/migrator";
import pg from "pg";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drizzleDriver } from "../src/index.js";

/** A migrations folder as `drizzle-kit generate --custom --name=river` leaves it, filled with migrationSql(). */
async function customMigrationFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tributary-drizzle-kit-"));
  await mkdir(join(dir, "meta"));
  const entry = { idx: 0, version: "7", when: 1_767_225_600_000, tag: "0000_river", breakpoints: true };
  await writeFile(join(dir, "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "postgresql", entries: [entry] }));
  await writeFile(join(dir, "0000_river.sql"), migrationSql());
  return dir;
}

describe("migrationSql() as a drizzle-kit custom migration, applied by Drizzle's migrate()", () => {
  let isolated: IsolatedSchema;
  let folder: string;
  beforeEach(async () => {
    isolated = await createIsolatedSchema("drz_kit");
    folder = await customMigrationFolder();
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
    await isolated.drop();
  });

  async function expectUsable(db: Parameters<typeof drizzleDriver>[0]): Promise<void> {
    const driver = drizzleDriver(db, { listen: false });
    const versions = await driver.executor().query<{ version: string }>("SELECT version::text FROM river_migration ORDER BY version");
    expect(versions.map((v) => Number(v.version))).toEqual(Array.from({ length: REQUIRED_MIGRATION_VERSION }, (_, i) => i + 1));
    const client = new Client({ driver, schema: isolated.name });
    const { job } = await client.insert("after_drizzle_kit", { ok: true });
    expect(job).toMatchObject({ kind: "after_drizzle_kit", state: "available", args: { ok: true } });
  }

  it("on node-postgres", async () => {
    const pool = new pg.Pool({ connectionString: urlWithSearchPath(isolated.url, isolated.name), max: 2 });
    try {
      const db = drizzleNodePg(pool);
      // migrationsSchema keeps Drizzle's bookkeeping table inside the test's schema.
      await migrateNodePg(db, { migrationsFolder: folder, migrationsSchema: isolated.name });
      await expectUsable(db);
    } finally {
      await pool.end();
    }
  });

  it("on postgres.js", async () => {
    const sql = postgres(urlWithSearchPath(isolated.url, isolated.name), { max: 2, onnotice: () => {} });
    try {
      const db = drizzlePostgresJs(sql);
      await migratePostgresJs(db, { migrationsFolder: folder, migrationsSchema: isolated.name });
      await expectUsable(db);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
