import { quoteSchemaName } from "../sql/schema-name.js";

/**
 * One version of River's `main` migration line, written as Tributary's own SQL.
 *
 * `up` takes the prefix every object name is written with: `"schema".` to pin objects to
 * one schema, or the empty string to let them land in the connection's `search_path`
 * (for SQL files users run through their own migration tool). It returns one statement
 * per element, because some drivers (Prisma, postgres.js) send each call as a prepared
 * statement, which cannot hold several commands.
 */
export interface MigrationVersion {
  readonly version: number;
  /** River's name for the version, e.g. `"pending_and_more"` (for logs and SQL comments). */
  readonly name: string;
  /**
   * This version adds a value to `river_job_state`. PostgreSQL (before 17) refuses to use an
   * enum value until the transaction that added it has committed, even when the type was
   * created in that same transaction, so the versions after it need a new transaction.
   * River's migrator commits after every version for the same reason.
   */
  readonly addsEnumValue?: boolean;
  up(prefix: string, plan?: MigrationPlan): readonly string[];
}

/** What a run knows about itself that changes the SQL of a version. */
export interface MigrationPlan {
  /**
   * The run creates `river_job_state` itself (it starts below version 2). Version 2 then
   * creates the enum with its final values (`pending` after `discarded`, exactly where
   * version 4 would add it) and version 4's `ADD VALUE IF NOT EXISTS` is a no-op, so a fresh
   * install runs all versions in one transaction and one SQL file.
   */
  readonly createsEnum: boolean;
}

/** The object-name prefix for `schema` (validated), or `""` to use the search_path. */
export function objectPrefix(schema: string | undefined): string {
  return schema === undefined ? "" : `${quoteSchemaName(schema)}.`;
}
