import { InvalidArgumentError } from "../base/errors.js";
import { LATEST_MIGRATION_VERSION, recordVersionSql } from "./migration-state.js";
import type { MigrationPlan, MigrationVersion } from "./migration-version.js";
import { objectPrefix } from "./migration-version.js";
import { MIGRATION_VERSIONS } from "./versions/index.js";

/** Options of {@link migrationSql} and {@link migrationSqlFiles}. */
export interface MigrationSqlOptions {
  /**
   * Schema to write every object name with. Omitted: names are unqualified, so objects land
   * in the first schema of the `search_path` the script runs with.
   */
  schema?: string;
  /** The version the database is at already; the SQL starts after it. Default 0 (empty database). */
  fromVersion?: number;
  /** The last version to include. Default {@link LATEST_MIGRATION_VERSION}. */
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

function renderFile(prefix: string, versions: readonly MigrationVersion[], plan: MigrationPlan): MigrationSqlFile {
  const first = versions[0]?.version ?? 0;
  const last = versions.at(-1)?.version ?? 0;
  const parts = [
    `-- River migration line "main", versions ${first}..${last}, written by Tributary.`,
    "-- Run in one transaction; records each version in river_migration as River's migrator does.",
  ];
  for (const migration of versions) {
    parts.push("", `-- River main migration ${String(migration.version).padStart(3, "0")} (${migration.name})`);
    for (const statement of migration.up(prefix, plan)) parts.push(`${statement};`);
    // River's first table shape (no line column) lasts until version 5 rebuilds it.
    parts.push(`${recordVersionSql(prefix, migration.version, migration.version < 5 ? "versions-only" : "lines")};`);
  }
  return { fromVersion: first - 1, toVersion: last, sql: `${parts.join("\n")}\n` };
}

/**
 * The SQL of River's `main` migrations `fromVersion + 1 … toVersion`, including the rows
 * River's migrator writes to `river_migration`, split into as few files as PostgreSQL
 * allows: each must run in its own transaction (as Prisma, Drizzle and most migration
 * tools run one file), and a new transaction must begin after version 4, whose new enum
 * value version 6 uses — unless the run creates the enum itself. A fresh database
 * therefore gets one file (1–7); a database River left at version 2 or 3 gets two.
 *
 * @example
 * for (const [i, file] of migrationSqlFiles().entries()) {
 *   writeFileSync(`prisma/migrations/000${i}_river_${file.toVersion}/migration.sql`, file.sql);
 * }
 */
export function migrationSqlFiles(opts: MigrationSqlOptions = {}): MigrationSqlFile[] {
  const prefix = objectPrefix(opts.schema);
  const from = versionOption("opts.fromVersion", opts.fromVersion ?? 0);
  const to = versionOption("opts.toVersion", opts.toVersion ?? LATEST_MIGRATION_VERSION);
  if (to < from) throw new InvalidArgumentError("opts.toVersion", `must not be below fromVersion (${from}), got ${to}`);

  const plan: MigrationPlan = { createsEnum: from < 2 };
  const files: MigrationSqlFile[] = [];
  let batch: MigrationVersion[] = [];
  for (const migration of MIGRATION_VERSIONS) {
    if (migration.version <= from || migration.version > to) continue;
    batch.push(migration);
    if (migration.addsEnumValue && !plan.createsEnum) {
      files.push(renderFile(prefix, batch, plan));
      batch = [];
    }
  }
  if (batch.length > 0) files.push(renderFile(prefix, batch, plan));
  return files;
}

/**
 * The SQL of River's `main` migrations `fromVersion + 1 … toVersion` as one script for one
 * migration file (one transaction), including the `river_migration` rows; see
 * {@link migrationSqlFiles}. Throws `INVALID_ARGUMENT` when the range needs two
 * transactions (it starts at version 2 or 3 and runs past 4), naming the two calls to make instead.
 *
 * @example
 * writeFileSync("prisma/migrations/20260101000000_river/migration.sql", migrationSql());
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
