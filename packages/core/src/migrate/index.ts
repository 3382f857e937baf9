// The public names of migrations: migrate(), the SQL for users' own migration tools, and the version checks.
export { migrate, type MigrateResult } from "./migrate.js";
export type { MigrateDirection, MigrateOptions } from "./migrate-options.js";
export { migrationStatus, type MigrationStatus, type MigrationStatusVersion } from "./migration-status.js";
export { migrationSql, migrationSqlFiles, type MigrationSqlFile, type MigrationSqlOptions } from "./migration-sql.js";
export {
  LATEST_MIGRATION_VERSION,
  REQUIRED_MIGRATION_VERSION,
  assertMigrated,
  currentMigrationVersion,
} from "./migration-state.js";
