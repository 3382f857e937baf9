// One version of River's main migration line, up and down, and the object-name prefix its SQL is written with.
import { quoteSchemaName } from "../sql/schema-name.js";

/**
 * One version of River's `main` migration line, written as Tributary's own SQL.
 *
 * `up` and `down` take the prefix every object name is written with: `"schema".` to pin
 * objects to one schema, or the empty string to let them land in the connection's
 * `search_path` (for SQL files users run through their own migration tool). They return one
 * statement per element, because some drivers (Prisma, postgres.js) send each call as a
 * prepared statement, which cannot hold several commands.
 */
export interface MigrationVersion {
  readonly version: number;
  /** River's name for the version, e.g. `"pending_and_more"` (for logs and SQL comments). */
  readonly name: string;
  /**
   * This version adds a value to `river_job_state`. PostgreSQL refuses to use an enum value
   * until the transaction that added it has committed (even when the type was created in that
   * same transaction), so the versions after it need a new transaction. River's migrator
   * commits after every version for the same reason.
   */
  readonly addsEnumValue?: boolean;
  up(prefix: string, plan?: MigrationPlan): readonly string[];
  /** Leaves exactly what River's own down migration of this version leaves. */
  down(prefix: string): readonly string[];
  /** What `down` destroys, so a down run can refuse to lose data unless forced. */
  readonly downDrops?: DownDrops;
}

/** Tables and columns a down migration drops with whatever they hold. */
export interface DownDrops {
  readonly tables?: readonly string[];
  /** `[table, column]` pairs. */
  readonly columns?: readonly (readonly [string, string])[];
}

/** What a run knows about itself that changes the SQL of a version. */
export interface MigrationPlan {
  /**
   * The run creates `river_job_state` itself (it starts below version 2) and goes on to
   * version 4 at least. Version 2 then creates the enum with its final values (`pending`
   * after `discarded`, exactly where version 4 would add it) and version 4's
   * `ADD VALUE IF NOT EXISTS` is a no-op, so a fresh install runs all versions in one
   * transaction and one SQL file. A run that stops at 2 or 3 gets River's enum without `pending`.
   */
  readonly createsEnum: boolean;
}

/** The plan of a run from `fromVersion` up to `toVersion`. */
export function upPlan(fromVersion: number, toVersion: number): MigrationPlan {
  return { createsEnum: fromVersion < 2 && toVersion >= 4 };
}

/** The object-name prefix for `schema` (validated), or `""` to use the search_path. */
export function objectPrefix(schema: string | undefined): string {
  return schema === undefined ? "" : `${quoteSchemaName(schema)}.`;
}
