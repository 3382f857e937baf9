// migrate(): takes a schema up or down River's main migration line, under a transaction-scoped lock.
import type { Driver, Executor } from "../driver/driver.js";
import { InvalidArgumentError, TributaryError } from "../base/errors.js";
import { quoteSchemaName } from "../sql/schema-name.js";
import { RiverMigrationSql } from "../sql/river-migration-sql.js";
import { assertOnlyMainLine, dataDownWouldDrop } from "./down-guard.js";
import { finishVersion7 } from "./finish-version-7.js";
import { type MigrateDirection, type MigrateOptions, type ResolvedMigrateOptions, resolveMigrateOptions } from "./migrate-options.js";
import { LATEST_MIGRATION_VERSION, currentMigrationVersion, migrationTableShape } from "./migration-state.js";
import { objectPrefix, upPlan } from "./migration-version.js";
import { MIGRATION_VERSIONS } from "./versions/index.js";
import { currentSchema } from "../sql/current-schema.js";

/** What {@link migrate} did. */
export interface MigrateResult {
  /** The versions this call applied (going down: undid), in the order it did so; empty when there was nothing to do. */
  applied: number[];
  /** The schema's version afterwards. */
  version: number;
}

async function resolveSchema(executor: Executor, schema: string | undefined): Promise<string> {
  if (schema !== undefined) {
    objectPrefix(schema); // validates: throws INVALID_SCHEMA_NAME
    return schema;
  }
  const current = await currentSchema(executor);
  objectPrefix(current);
  return current;
}

interface Step {
  done: number[];
  version: number;
}

/**
 * Moves `schema` along River's `main` migration line, recording each version in
 * `river_migration` exactly as River's migrator does, so River's CLI and Tributary can take
 * turns on one database.
 *
 * - **Up** (the default) to `targetVersion`, by default {@link REQUIRED_MIGRATION_VERSION}:
 *   applies only the versions the schema lacks; a schema already there (or beyond, up to
 *   {@link LATEST_MIGRATION_VERSION}) is left as it is.
 * - **Down** (`direction: "down"`, `targetVersion` required) undoes the versions above
 *   `targetVersion`, newest first, in one transaction, leaving exactly what River's own down
 *   migrations leave. It throws `MIGRATION_DOWN_REFUSED` and changes nothing when that would
 *   drop tables or columns holding data, unless `force: true`.
 *
 * Idempotent and safe when many processes call it at once: each transaction first takes a
 * transaction-scoped advisory lock keyed on the schema (it holds through a transaction-mode
 * pooler), then reads the version. Going up, versions up to 4 apply in one transaction and the
 * rest in a second one, because the `pending` state added by version 4 must be committed before
 * version 6 can mention it; a concurrent caller may apply the second batch, and `applied` lists
 * only what this call did. A schema Tributary took to its first, partial version 7 is completed
 * to River's version 7 by any call.
 *
 * Throws `MIGRATION_TOO_NEW` (changing nothing) when the schema is at a newer River version
 * than this Tributary knows, `INVALID_SCHEMA_NAME` for a bad schema name and
 * `INVALID_ARGUMENT` for bad options.
 *
 * @example
 * await migrate(pgDriver(pool), { schema: "jobs" });
 * await migrate(pgDriver(pool), { schema: "jobs", direction: "down", targetVersion: 6 });
 */
export async function migrate(driver: Driver<unknown>, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const options = resolveMigrateOptions(opts);
  const schema = await resolveSchema(driver.executor(), options.schema);
  const applied: number[] = [];
  for (;;) {
    const step = await driver.transaction((executor) => migrateStep(executor, schema, options));
    applied.push(...step.done);
    const arrived = options.direction === "down" || step.version >= options.targetVersion;
    if (step.done.length === 0 || arrived) return { applied, version: step.version };
  }
}

/** One transaction's worth of migrating: lock, read, repair, then as many versions as one transaction can hold. */
async function migrateStep(executor: Executor, schema: string, options: ResolvedMigrateOptions): Promise<Step> {
  const prefix = objectPrefix(schema);
  const sql = new RiverMigrationSql(prefix);
  await executor.query(sql.lock, [schema]);
  const [exists] = await executor.query<{ found: boolean }>(sql.schemaExists, [schema]);
  // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
  // Going down, a missing schema is simply at version 0: nothing is created.
  if (!exists?.found && options.direction === "up") await executor.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchemaName(schema)}`);

  const current = await currentMigrationVersion(executor, schema);
  if (current > LATEST_MIGRATION_VERSION) {
    throw new TributaryError(
      "MIGRATION_TOO_NEW",
      `schema "${schema}": database is at River migration version ${current}, this Tributary knows up to ${LATEST_MIGRATION_VERSION}; upgrade Tributary (nothing was changed)`,
    );
  }
  if (current >= 7) {
    const finished = await finishVersion7(executor, prefix);
    if (finished.length > 0) {
      options.logger.info({ schema, version: 7, statements: finished }, "completed Tributary's early version 7 to River's version 7");
    }
  }
  return options.direction === "up" ? stepUp(executor, schema, current, options) : stepDown(executor, schema, current, options);
}

async function stepUp(executor: Executor, schema: string, current: number, options: ResolvedMigrateOptions): Promise<Step> {
  const prefix = objectPrefix(schema);
  const sql = new RiverMigrationSql(prefix);
  const plan = upPlan(current, options.targetVersion);
  const done: number[] = [];
  for (const migration of MIGRATION_VERSIONS) {
    if (migration.version <= current || migration.version > options.targetVersion) continue;
    for (const statement of migration.up(prefix, plan)) await executor.query(statement);
    const shape = await migrationTableShape(executor, schema);
    if (shape !== "none") await executor.query(sql.record(migration.version, shape));
    done.push(migration.version);
    logApplied(options, schema, migration.version, migration.name, "up");
    if (migration.addsEnumValue && !plan.createsEnum) break;
  }
  return { done, version: done.at(-1) ?? current };
}

async function stepDown(executor: Executor, schema: string, current: number, options: ResolvedMigrateOptions): Promise<Step> {
  const target = options.targetVersion;
  if (target > current) {
    throw new InvalidArgumentError(
      "opts.targetVersion",
      `schema "${schema}" is at River migration version ${current}, below the down target ${target} (nothing was changed)`,
    );
  }
  const prefix = objectPrefix(schema);
  const sql = new RiverMigrationSql(prefix);
  const versions = MIGRATION_VERSIONS.filter((m) => m.version > target && m.version <= current).reverse();
  if (versions.length === 0) return { done: [], version: current };

  if (target < 5 && current >= 5 && (await migrationTableShape(executor, schema)) === "lines") {
    await assertOnlyMainLine(executor, prefix, schema);
  }
  if (!options.force) {
    const lost = await dataDownWouldDrop(executor, prefix, versions);
    if (lost.length > 0) {
      throw new TributaryError(
        "MIGRATION_DOWN_REFUSED",
        `schema "${schema}": going down to version ${target} would drop ${lost.join(", ")}; pass { force: true } to drop them (nothing was changed)`,
      );
    }
  }

  const done: number[] = [];
  for (const migration of versions) {
    for (const statement of migration.down(prefix)) await executor.query(statement);
    // Read again: version 5's down rebuilds the table without `line`, version 1's drops it.
    const shape = await migrationTableShape(executor, schema);
    if (shape !== "none") await executor.query(sql.forget(migration.version, shape));
    done.push(migration.version);
    logApplied(options, schema, migration.version, migration.name, "down");
  }
  return { done, version: target };
}

function logApplied(options: ResolvedMigrateOptions, schema: string, version: number, name: string, direction: MigrateDirection): void {
  options.logger.info({ schema, version, name, direction }, direction === "up" ? "applied River migration" : "reverted River migration");
}
