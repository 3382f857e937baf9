// Where a schema stands on River's main migration line: its version, and each version applied or pending.
import type { Driver } from "../driver/driver.js";
import { currentSchema } from "../sql/current-schema.js";
import { LATEST_MIGRATION_VERSION, REQUIRED_MIGRATION_VERSION, currentMigrationVersion } from "./migration-state.js";
import { objectPrefix } from "./migration-version.js";
import { MIGRATION_VERSIONS } from "./versions/index.js";

/** One version of River's `main` line as {@link migrationStatus} reports it. */
export interface MigrationStatusVersion {
  version: number;
  /** River's name for it, e.g. `"pending_and_more"`. */
  name: string;
  /** True when the schema is at this version or beyond. */
  applied: boolean;
}

/** What {@link migrationStatus} returns. */
export interface MigrationStatus {
  /** The schema read (the given one, or the connection's `current_schema()`). */
  schema: string;
  /** River's migration line: always `"main"`. */
  line: "main";
  /** The schema's version, 0 when nothing is migrated. */
  version: number;
  /** {@link REQUIRED_MIGRATION_VERSION}: what Tributary's runtime needs. */
  required: number;
  /** {@link LATEST_MIGRATION_VERSION}: the newest version this Tributary can apply. */
  latest: number;
  /** The versions above `version`, up to `latest`, that `migrate()` can apply. */
  pending: number[];
  /** Every version of the line this Tributary knows, oldest first. */
  versions: MigrationStatusVersion[];
}

/**
 * Reads which River migration version `schema` is at and lists the line's versions, applied or
 * pending, as River's `migrate-list` does. Reads only; throws `INVALID_SCHEMA_NAME` for a bad name.
 *
 * @example
 * const { version, pending } = await migrationStatus(pgDriver(pool), { schema: "jobs" });
 */
export async function migrationStatus(driver: Driver<unknown>, opts: { schema?: string } = {}): Promise<MigrationStatus> {
  const executor = driver.executor();
  const schema = opts.schema ?? (await currentSchema(executor));
  objectPrefix(schema); // validates: throws INVALID_SCHEMA_NAME
  const version = await currentMigrationVersion(executor, schema);
  return {
    schema,
    line: "main",
    version,
    required: REQUIRED_MIGRATION_VERSION,
    latest: LATEST_MIGRATION_VERSION,
    pending: MIGRATION_VERSIONS.filter((m) => m.version > version).map((m) => m.version),
    versions: MIGRATION_VERSIONS.map((m) => ({ version: m.version, name: m.name, applied: m.version <= version })),
  };
}
