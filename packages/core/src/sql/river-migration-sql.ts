// Statements on river_migration, where River's migrator and Tributary's record the versions applied.

/**
 * The shape of `river_migration`: absent, River's first shape (versions 1–4: one row per
 * version, no `line` column) or the `(line, version)` shape version 5 introduced.
 */
export type MigrationTableShape = "none" | "versions-only" | "lines";

/** The statements on `river_migration`, for object names written with `prefix` (`"schema".` or `""`). */
export class RiverMigrationSql {
  /**
   * $1 the schema name. Serialises migration runs on one schema until the transaction ends:
   * transaction-scoped, so it holds through a transaction-mode pooler (a session lock would not).
   */
  readonly lock = "SELECT true AS locked FROM pg_advisory_xact_lock(hashtext('tributary-migrate:' || $1::text))";
  /** $1 the schema name. One row: `found`. */
  readonly schemaExists = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1::text) AS found";
  /** $1 the table's qualified name as text. One row: `has_table`, `has_line`. */
  readonly shape = `SELECT to_regclass($1::text) IS NOT NULL AS has_table,
       EXISTS (
           SELECT 1 FROM pg_catalog.pg_attribute
           WHERE attrelid = to_regclass($1::text) AND attname = 'line' AND NOT attisdropped
       ) AS has_line`;
  /** The table's qualified name, the parameter of {@link shape}. */
  readonly table: string;
  /** One row: `lines`, the lines other than `main` that have rows, comma-separated (`''` when none); River refuses to go below 5 then. */
  readonly otherLines: string;

  constructor(prefix: string) {
    this.table = `${prefix}river_migration`;
    this.otherLines = `SELECT coalesce(string_agg(DISTINCT line, ', ' ORDER BY line), '') AS lines FROM ${this.table} WHERE line <> 'main'`;
  }

  /** One row: `version`, the highest `main` version recorded (0 when none). `::int` because Prisma returns int8 as bigint. */
  currentVersion(shape: Exclude<MigrationTableShape, "none">): string {
    return shape === "lines"
      ? `SELECT coalesce(max(version), 0)::int AS version FROM ${this.table} WHERE line = 'main'`
      : `SELECT coalesce(max(version), 0)::int AS version FROM ${this.table}`;
  }

  /** Records `version` of line `main` as applied, as River's migrator writes it in either shape. */
  record(version: number, shape: Exclude<MigrationTableShape, "none">): string {
    return shape === "lines"
      ? `INSERT INTO ${this.table} (line, version) VALUES ('main', ${version})`
      : `INSERT INTO ${this.table} (version) VALUES (${version})`;
  }

  /** Forgets `version` of line `main` after its down migration, as River's migrator does. */
  forget(version: number, shape: Exclude<MigrationTableShape, "none">): string {
    return shape === "lines"
      ? `DELETE FROM ${this.table} WHERE line = 'main' AND version = ${version}`
      : `DELETE FROM ${this.table} WHERE version = ${version}`;
  }
}
