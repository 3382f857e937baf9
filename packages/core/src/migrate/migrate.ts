import type { Driver, Executor } from "../driver/driver.js";
import { TributaryError } from "../base/errors.js";
import { defaultLogger, type Logger } from "../base/logger.js";
import { quoteSchemaName } from "../sql/schema-name.js";
import { LATEST_MIGRATION_VERSION, currentMigrationVersion, migrationTableShape, recordVersionSql } from "./migration-state.js";
import { objectPrefix } from "./migration-version.js";
import { MIGRATION_VERSIONS } from "./versions/index.js";

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The schema to migrate; created when missing. Default: the connection's `current_schema()`. */
  schema?: string;
  /** Receives one `info` line per applied version. Default: {@link defaultLogger}. */
  logger?: Logger;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** The versions this call applied, in order (empty when the schema was already current). */
  applied: number[];
  /** The schema's version afterwards. */
  version: number;
}

async function resolveSchema(executor: Executor, schema: string | undefined): Promise<string> {
  if (schema !== undefined) {
    objectPrefix(schema); // validates: throws INVALID_SCHEMA_NAME
    return schema;
  }
  const [row] = await executor.query<{ schema: string | null }>("SELECT current_schema() AS schema");
  const current = row?.schema ?? null;
  if (current === null) {
    throw new TributaryError(
      "INVALID_SCHEMA_NAME",
      "current_schema() is null (the search_path names no existing schema): pass { schema } to migrate()",
    );
  }
  objectPrefix(current);
  return current;
}

/**
 * Brings `schema` up to River's `main` migration version {@link LATEST_MIGRATION_VERSION},
 * applying only the versions it lacks and recording each in `river_migration` exactly as
 * River's migrator does, so River's CLI and Tributary can take turns on one database.
 *
 * Idempotent and safe when many processes call it at once: each transaction first takes an
 * advisory lock keyed on the schema, then reads the version. Versions up to 4 apply in one
 * transaction and the rest in a second one, because the `pending` state added by version 4
 * must be committed before version 6 can mention it; a concurrent caller may therefore
 * apply the second batch, and `applied` lists only what this call did.
 *
 * Throws `MIGRATION_TOO_NEW` (changing nothing) when the database is at a newer River
 * version than this Tributary knows, and `INVALID_SCHEMA_NAME` for a bad schema name.
 *
 * @example
 * await migrate(pgDriver(pool), { schema: "jobs" });
 */
export async function migrate(driver: Driver<unknown>, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const logger = opts.logger ?? defaultLogger;
  const schema = await resolveSchema(driver.executor(), opts.schema);
  const prefix = objectPrefix(schema);
  const applied: number[] = [];

  for (;;) {
    const step = await driver.transaction(async (executor) => {
      await executor.query("SELECT true AS locked FROM pg_advisory_xact_lock(hashtext($1::text))", [
        `tributary-migrate:${schema}`,
      ]);
      const [exists] = await executor.query<{ found: boolean }>(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1::text) AS found",
        [schema],
      );
      // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
      if (!exists?.found) await executor.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchemaName(schema)}`);

      const current = await currentMigrationVersion(executor, schema);
      if (current > LATEST_MIGRATION_VERSION) {
        throw new TributaryError(
          "MIGRATION_TOO_NEW",
          `schema "${schema}": database is at River migration version ${current}, this Tributary knows up to ${LATEST_MIGRATION_VERSION}; upgrade Tributary (nothing was changed)`,
        );
      }

      const done: number[] = [];
      const plan = { createsEnum: current < 2 };
      for (const migration of MIGRATION_VERSIONS) {
        if (migration.version <= current) continue;
        for (const statement of migration.up(prefix, plan)) await executor.query(statement);
        const shape = await migrationTableShape(executor, schema);
        if (shape !== "none") await executor.query(recordVersionSql(prefix, migration.version, shape));
        done.push(migration.version);
        logger.info({ schema, version: migration.version, name: migration.name }, "applied River migration");
        if (migration.addsEnumValue && !plan.createsEnum) break;
      }
      return { done, version: done.at(-1) ?? current };
    });
    applied.push(...step.done);
    if (step.done.length === 0 || step.version >= LATEST_MIGRATION_VERSION) {
      return { applied, version: step.version };
    }
  }
}
