export { migrate, type MigrateOptions, type MigrateResult } from "./migrate.js";
export { migrationSql, migrationSqlFiles, type MigrationSqlFile, type MigrationSqlOptions } from "./migration-sql.js";
export { LATEST_MIGRATION_VERSION, assertMigrated, currentMigrationVersion } from "./migration-state.js";
