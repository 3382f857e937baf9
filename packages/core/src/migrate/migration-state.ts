// Reads which River migration version a schema is at, and the runtime's check that it is new enough.
import type { Executor } from "../driver/driver.js";
import { TributaryError } from "../base/errors.js";
import { type MigrationTableShape, RiverMigrationSql } from "../sql/river-migration-sql.js";
import { objectPrefix } from "./migration-version.js";

export type { MigrationTableShape } from "../sql/river-migration-sql.js";

/** The newest River `main` migration version this Tributary knows: it migrates up to it and down from it. */
export const LATEST_MIGRATION_VERSION = 8;

/**
 * The version Tributary's runtime needs, and where {@link migrate} goes when no
 * `targetVersion` is given. Version 8 is a no-op on PostgreSQL whose first River Go release
 * is not known yet, so Tributary neither needs it nor applies it unasked.
 */
export const REQUIRED_MIGRATION_VERSION = 7;

/** Reads which shape of `river_migration` `schema` holds. */
export async function migrationTableShape(executor: Executor, schema: string): Promise<MigrationTableShape> {
  const sql = new RiverMigrationSql(objectPrefix(schema));
  const [row] = await executor.query<{ has_table: boolean; has_line: boolean }>(sql.shape, [sql.table]);
  if (!row?.has_table) return "none";
  return row.has_line ? "lines" : "versions-only";
}

/**
 * The highest River `main` migration version recorded in `schema`, 0 when none is (no
 * `river_migration` table, or an empty one). Reads both shapes of the table, so it sees
 * what River's own migrator wrote at any version.
 */
export async function currentMigrationVersion(executor: Executor, schema: string): Promise<number> {
  const shape = await migrationTableShape(executor, schema);
  if (shape === "none") return 0;
  const [row] = await executor.query<{ version: number }>(new RiverMigrationSql(objectPrefix(schema)).currentVersion(shape));
  return Number(row?.version ?? 0);
}

/**
 * Throws `MIGRATION_MISSING` unless `schema` is migrated to at least
 * {@link REQUIRED_MIGRATION_VERSION}. A newer version passes: River keeps older clients
 * working across its migrations.
 */
export async function assertMigrated(executor: Executor, schema: string): Promise<void> {
  const version = await currentMigrationVersion(executor, schema);
  if (version < REQUIRED_MIGRATION_VERSION) {
    throw new TributaryError(
      "MIGRATION_MISSING",
      `schema "${schema}" is at River migration version ${version}, Tributary needs ${REQUIRED_MIGRATION_VERSION}: run migrate(driver, { schema: "${schema}" }) first, or apply migrationSql() with your own migration tool`,
    );
  }
}
