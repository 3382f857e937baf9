// Refuses a down migration that would destroy jobs, queues or other rows, unless the caller forces it.
import type { Executor } from "../driver/driver.js";
import { TributaryError } from "../base/errors.js";
import { RiverMigrationSql } from "../sql/river-migration-sql.js";
import type { MigrationVersion } from "./migration-version.js";

/**
 * What the down migrations `versions` would destroy in the schema as it is now: tables
 * with rows and columns with non-null values, e.g. `["river_job (has rows)"]`. Objects a
 * version recreates empty on the way down (version 7 restores the client tables that 5 then
 * drops) hold nothing, so only the ones present now are read.
 */
export async function dataDownWouldDrop(executor: Executor, prefix: string, versions: readonly MigrationVersion[]): Promise<string[]> {
  const found: string[] = [];
  // Table and column names come from the version files and the prefix is a validated schema name.
  const exists = async (table: string, column?: string): Promise<boolean> => {
    const [row] = await executor.query<{ found: boolean }>(
      column === undefined
        ? "SELECT to_regclass($1::text) IS NOT NULL AS found"
        : `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                          WHERE attrelid = to_regclass($1::text) AND attname = $2::text AND NOT attisdropped) AS found`,
      column === undefined ? [`${prefix}${table}`] : [`${prefix}${table}`, column],
    );
    return row?.found === true;
  };
  const holds = async (sql: string): Promise<boolean> => (await executor.query<{ found: boolean }>(sql))[0]?.found === true;
  for (const version of versions) {
    for (const table of version.downDrops?.tables ?? []) {
      if ((await exists(table)) && (await holds(`SELECT EXISTS (SELECT 1 FROM ${prefix}${table}) AS found`))) {
        found.push(`${table} (has rows)`);
      }
    }
    for (const [table, column] of version.downDrops?.columns ?? []) {
      if ((await exists(table, column)) && (await holds(`SELECT EXISTS (SELECT 1 FROM ${prefix}${table} WHERE ${column} IS NOT NULL) AS found`))) {
        found.push(`${table}.${column} (has values)`);
      }
    }
  }
  return found;
}

/**
 * Throws `MIGRATION_DOWN_REFUSED` (before anything changes) when going below version 5 would
 * lose `river_migration` rows of other lines: the table's first shape has no line column.
 * River's own down migration refuses the same way, and `force` does not override it.
 */
export async function assertOnlyMainLine(executor: Executor, prefix: string, schema: string): Promise<void> {
  const sql = new RiverMigrationSql(prefix);
  const [row] = await executor.query<{ lines: string }>(sql.otherLines);
  if (row?.lines) {
    throw new TributaryError(
      "MIGRATION_DOWN_REFUSED",
      `schema "${schema}": river_migration records other migration lines (${row.lines}); going below version 5 would lose them (nothing was changed)`,
    );
  }
}
