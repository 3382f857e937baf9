/** What every admin operation needs: the schema's statements and where to run them (the pool, or the caller's transaction). */
import type { Executor } from "../driver/driver.js";
import { explainingDatabaseErrors } from "../sql/database-errors.js";
import type { LazySchemaStatements, SchemaStatements } from "../sql/schema-statements.js";

/** Options of the admin operations (JobAdmin's, and the listing, bulk and queue modules'). */
export interface AdminContext {
  statements: LazySchemaStatements;
  /** The configured schema, for error messages (null: current_schema()). */
  schema: string | null;
  poolExecutor: () => Executor;
}

/**
 * Runs one admin statement on `executor` (default: the pool); statements resolve on that
 * executor too, so a call in the caller's transaction never needs a second connection.
 */
export async function runAdminQuery<R>(
  ctx: AdminContext,
  executor: Executor | undefined,
  build: (s: SchemaStatements) => { sql: string; params: readonly unknown[] },
): Promise<R[]> {
  const ex = executor ?? ctx.poolExecutor();
  const statements = await ctx.statements.get(ex);
  const { sql, params } = build(statements);
  return explainingDatabaseErrors("running a query", ctx.schema, () => ex.query<R>(sql, params));
}
