// River's migrations as SQL text, up or down, for users who run them with their own migration tool.
import { InvalidArgumentError } from "../base/errors.js";
import { RiverMigrationSql } from "../sql/river-migration-sql.js";
import { LATEST_MIGRATION_VERSION, REQUIRED_MIGRATION_VERSION } from "./migration-state.js";
import type { MigrationPlan, MigrationVersion } from "./migration-version.js";
import { objectPrefix, upPlan } from "./migration-version.js";
import { MIGRATION_VERSIONS } from "./versions/index.js";

/** Options of {@link migrationSql} and {@link migrationSqlFiles}. */
export interface MigrationSqlOptions {
  /**
   * Schema to write every object name with. Omitted: names are unqualified, so objects land
   * in the first schema of the `search_path` the script runs with.
   */
  schema?: string;
  /** The version the database is at already. Default 0 (empty database). */
  fromVersion?: number;
  /**
   * The version the SQL takes the database to: above `fromVersion` the SQL goes up, below it
   * down (River's down migrations, newest first). Default: {@link REQUIRED_MIGRATION_VERSION},
   * or `fromVersion` when that is higher (never down unless asked).
   */
  toVersion?: number;
}

/** One migration file's worth of SQL: runs in one transaction, takes the database from `fromVersion` to `toVersion`. */
export interface MigrationSqlFile {
  fromVersion: number;
  toVersion: number;
  sql: string;
}

function versionOption(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > LATEST_MIGRATION_VERSION) {
    throw new InvalidArgumentError(field, `must be an integer from 0 to ${LATEST_MIGRATION_VERSION}, got ${value}`);
  }
  return value;
}

const versionLabel = (v: MigrationVersion) => `${String(v.version).padStart(3, "0")} (${v.name})`;

function renderUp(prefix: string, versions: readonly MigrationVersion[], plan: MigrationPlan): MigrationSqlFile {
  const sql = new RiverMigrationSql(prefix);
  const first = versions[0]!.version;
  const last = versions.at(-1)!.version;
  const parts = [
    `-- River migration line "main", up from version ${first - 1} to ${last}, written by Tributary.`,
    "-- Run in one transaction; records each version in river_migration as River's migrator does.",
  ];
  for (const migration of versions) {
    parts.push("", `-- River main migration ${versionLabel(migration)}, up`);
    const statements = migration.up(prefix, plan);
    if (statements.length === 0) parts.push("-- (nothing to do on PostgreSQL)");
    for (const statement of statements) parts.push(`${statement};`);
    // River's first table shape (no line column) lasts until version 5 rebuilds it.
    parts.push(`${sql.record(migration.version, migration.version < 5 ? "versions-only" : "lines")};`);
  }
  return { fromVersion: first - 1, toVersion: last, sql: `${parts.join("\n")}\n` };
}

function renderDown(prefix: string, versions: readonly MigrationVersion[]): MigrationSqlFile {
  const sql = new RiverMigrationSql(prefix);
  const first = versions[0]!.version;
  const last = versions.at(-1)!.version;
  const parts = [
    `-- River migration line "main", down from version ${first} to ${last - 1}, written by Tributary.`,
    "-- Drops tables and columns with whatever they hold. Run in one transaction; removes each",
    "-- version from river_migration as River's migrator does.",
  ];
  for (const migration of versions) {
    parts.push("", `-- River main migration ${versionLabel(migration)}, down`);
    const statements = migration.down(prefix);
    if (statements.length === 0) parts.push("-- (nothing to do on PostgreSQL)");
    for (const statement of statements) parts.push(`${statement};`);
    // Version 1's down drops the table itself; from 5's down on, the table has its first shape again.
    if (migration.version > 1) parts.push(`${sql.forget(migration.version, migration.version > 5 ? "lines" : "versions-only")};`);
  }
  return { fromVersion: first, toVersion: last - 1, sql: `${parts.join("\n")}\n` };
}

/**
 * The SQL that takes a database from `fromVersion` to `toVersion` of River's `main` line,
 * including the rows River's migrator writes to (or deletes from) `river_migration`, split
 * into as few files as PostgreSQL allows: each must run in its own transaction (as Prisma,
 * Drizzle and most migration tools run one file).
 *
 * Going up, a new transaction must begin after version 4, whose new enum value version 6
 * uses — unless the run creates the enum itself. A fresh database therefore gets one file
 * (1–7); a database River left at version 2 or 3 gets two. Going down is always one file.
 * Empty when the two versions are equal.
 *
 * @example
 * for (const [i, file] of migrationSqlFiles().entries()) {
 *   writeFileSync(`prisma/migrations/000${i}_river_${file.toVersion}/migration.sql`, file.sql);
 * }
 */
export function migrationSqlFiles(opts: MigrationSqlOptions = {}): MigrationSqlFile[] {
  const prefix = objectPrefix(opts.schema);
  const from = versionOption("opts.fromVersion", opts.fromVersion ?? 0);
  const to = versionOption("opts.toVersion", opts.toVersion ?? Math.max(REQUIRED_MIGRATION_VERSION, from));

  if (to < from) {
    const versions = MIGRATION_VERSIONS.filter((m) => m.version > to && m.version <= from).reverse();
    return [renderDown(prefix, versions)];
  }
  const plan = upPlan(from, to);
  const files: MigrationSqlFile[] = [];
  let batch: MigrationVersion[] = [];
  for (const migration of MIGRATION_VERSIONS) {
    if (migration.version <= from || migration.version > to) continue;
    batch.push(migration);
    if (migration.addsEnumValue && !plan.createsEnum) {
      files.push(renderUp(prefix, batch, plan));
      batch = [];
    }
  }
  if (batch.length > 0) files.push(renderUp(prefix, batch, plan));
  return files;
}

/**
 * The SQL that takes a database from `fromVersion` to `toVersion` of River's `main` line —
 * up when `toVersion` is higher, down when it is lower — as one script for one migration file
 * (one transaction), including the `river_migration` rows; see {@link migrationSqlFiles}.
 * Throws `INVALID_ARGUMENT` when an up range needs two transactions (it starts at version 2
 * or 3 and runs past 4), naming the two calls to make instead.
 *
 * @example
 * writeFileSync("prisma/migrations/20260101000000_river/migration.sql", migrationSql());
 * writeFileSync("down.sql", migrationSql({ fromVersion: 7, toVersion: 6 }));
 */
export function migrationSql(opts: MigrationSqlOptions = {}): string {
  const files = migrationSqlFiles(opts);
  if (files.length > 1) {
    const calls = files.map((f) => `migrationSql({ fromVersion: ${f.fromVersion}, toVersion: ${f.toVersion} })`).join(" and ");
    throw new InvalidArgumentError(
      "opts.toVersion",
      `PostgreSQL cannot run these versions in one transaction (version 4 adds an enum value that version 6 uses before it is committed): write ${calls} to two migration files, or use migrationSqlFiles()`,
    );
  }
  return files[0]?.sql ?? "";
}
