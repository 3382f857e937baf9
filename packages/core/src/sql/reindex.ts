// Statements of the leader's reindexer on `river_job`'s indexes (River's reindexer, same indexes and commands).
import type { SchemaTables } from "./schema-tables.js";

/** River's `river_job` indexes, in the order River's reindexer rebuilds them. */
export const RIVER_JOB_INDEXES = Object.freeze([
  "river_job_args_index",
  "river_job_kind",
  "river_job_metadata_index",
  "river_job_pkey",
  "river_job_prioritized_fetching_index",
  "river_job_state_and_finalized_at_index",
  "river_job_unique_idx",
] as const);

/** A `"schema"."name"` reference; both parts are plain identifiers (the schema is validated, index names are River's). */
function qualified(t: SchemaTables, name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an index name Tributary reindexes: ${name}`);
  return `"${t.schema}"."${name}"`;
}

/**
 * River's `REINDEX INDEX CONCURRENTLY "<schema>"."<index>"`, led by a comment naming this
 * run (`marker`), so another connection can find exactly this statement in
 * `pg_stat_activity` and cancel it. No session setting is made: the statement's timeout is
 * kept by the caller's timer and {@link cancelStatementSql}.
 */
export function reindexSql(t: SchemaTables, index: string, marker: string): string {
  return `/* tributary reindexer ${marker} */ REINDEX INDEX CONCURRENTLY ${qualified(t, index)}`;
}

/** Drops an artifact of an interrupted reindex; like {@link reindexSql}, led by a marker comment. */
export function dropIndexSql(t: SchemaTables, name: string, marker: string): string {
  return `/* tributary reindexer ${marker} */ DROP INDEX CONCURRENTLY IF EXISTS ${qualified(t, name)}`;
}

/**
 * Whether index `$2` exists in schema `$1`, and the names of its concurrent-reindex
 * artifacts (`<index>_ccnew`, `<index>_ccold`, optionally followed by digits) left by a
 * reindex that did not finish. Returns `present` (int4, 1 or 0) and `artifacts` (a JSON array as text).
 */
export function indexStateSql(): string {
  return `SELECT
  (EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = $1::text AND c.relname = $2::text AND c.relkind = 'i'))::int AS present,
  (SELECT coalesce(json_agg(c.relname::text ORDER BY c.relname), '[]')::text
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1::text AND c.relkind = 'i'
      AND c.relname ~ ('^' || $2::text || '_cc(new|old)[0-9]*$')) AS artifacts`;
}

/**
 * Cancels the statement whose text is exactly `$1`, running in this database on another
 * connection (`pg_cancel_backend`, which a role may send to its own sessions). Returns
 * `cancelled` (int4): how many backends were signalled.
 */
export function cancelStatementSql(): string {
  return `SELECT count(pg_cancel_backend(pid))::int AS cancelled FROM pg_stat_activity
WHERE query = $1::text AND state = 'active' AND pid <> pg_backend_pid() AND datname = current_database()`;
}

/** The server's version string (PGlite names itself there). */
export function serverVersionSql(): string {
  return "SELECT version()::text AS version";
}
