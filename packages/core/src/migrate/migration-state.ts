import type { Executor } from "../driver/driver.js";
import { TributaryError } from "../base/errors.js";
import { objectPrefix } from "./migration-version.js";

/** The newest River `main` migration version this Tributary knows and needs. */
export const LATEST_MIGRATION_VERSION = 7;

/**
 * The shape of `river_migration`: absent, River's first shape (versions 1–4: one row per
 * version, no `line` column) or the `(line, version)` shape version 5 introduced.
 */
export type MigrationTableShape = "none" | "versions-only" | "lines";

/** Reads which shape of `river_migration` `schema` holds. */
export async function migrationTableShape(executor: Executor, schema: string): Promise<MigrationTableShape> {
  const table = `${objectPrefix(schema)}river_migration`;
  const [row] = await executor.query<{ has_table: boolean; has_line: boolean }>(
    `SELECT to_regclass($1::text) IS NOT NULL AS has_table,
            EXISTS (
                SELECT 1 FROM pg_catalog.pg_attribute
                WHERE attrelid = to_regclass($1::text) AND attname = 'line' AND NOT attisdropped
            ) AS has_line`,
    [table],
  );
  if (!row?.has_table) return "none";
  return row.has_line ? "lines" : "versions-only";
}

/** The statement that records `version` as applied, in the table shape at hand. */
export function recordVersionSql(prefix: string, version: number, shape: Exclude<MigrationTableShape, "none">): string {
  return shape === "lines"
    ? `INSERT INTO ${prefix}river_migration (line, version) VALUES ('main', ${version})`
    : `INSERT INTO ${prefix}river_migration (version) VALUES (${version})`;
}

/**
 * The highest River `main` migration version recorded in `schema`, 0 when none is (no
 * `river_migration` table, or an empty one). Reads both shapes of the table, so it sees
 * what River's own migrator wrote at any version.
 */
export async function currentMigrationVersion(executor: Executor, schema: string): Promise<number> {
  const shape = await migrationTableShape(executor, schema);
  if (shape === "none") return 0;
  const table = `${objectPrefix(schema)}river_migration`;
  // ::int because some drivers (Prisma) return int8 as bigint.
  const [row] = await executor.query<{ version: number }>(
    shape === "lines"
      ? `SELECT coalesce(max(version), 0)::int AS version FROM ${table} WHERE line = 'main'`
      : `SELECT coalesce(max(version), 0)::int AS version FROM ${table}`,
  );
  return Number(row?.version ?? 0);
}

/**
 * Throws `MIGRATION_MISSING` unless `schema` is migrated to at least
 * {@link LATEST_MIGRATION_VERSION}. A newer version passes: River keeps older clients
 * working across its migrations, and only `migrate()` refuses to touch such a database.
 */
export async function assertMigrated(executor: Executor, schema: string): Promise<void> {
  const version = await currentMigrationVersion(executor, schema);
  if (version < LATEST_MIGRATION_VERSION) {
    throw new TributaryError(
      "MIGRATION_MISSING",
      `schema "${schema}" is at River migration version ${version}, Tributary needs ${LATEST_MIGRATION_VERSION}: run migrate(driver, { schema: "${schema}" }) first, or apply migrationSql() with your own migration tool`,
    );
  }
}
