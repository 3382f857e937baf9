/** The WHERE fragment every listing, count and bulk statement on `river_job` shares: River's job filters as fixed parameters. */
import type { SchemaTables } from "./schema-tables.js";

/**
 * How many parameters the filter fragment takes: $1 ids (bigint[] literal), $2 kinds, $3 queues,
 * $4 states, $5 priorities (smallint[] literal), $6 tags that must all be present, $7 tags of
 * which one must be present (text[] literals), $8 containments (JSON text `{"metadata": …, "args": …}`,
 * each key optional, each applied with `@>`), then the
 * time ranges as RFC 3339 text, each `since` inclusive and `before` exclusive: $9/$10 created_at,
 * $11/$12 scheduled_at, $13/$14 finalized_at. A null parameter is no filter. Statements that
 * build on the fragment number their own parameters from $15.
 */
export const JOB_FILTER_PARAM_COUNT = 14;

/**
 * The filter fragment for `river_job` columns, optionally qualified by `alias`. One statement
 * for every combination of filters: each clause is switched off by a null parameter, so the
 * statement text never depends on user input.
 */
export function jobFilterSql(t: SchemaTables, alias = ""): string {
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  const range = (column: string, since: number, before: number) =>
    `($${since}::text::timestamptz IS NULL OR ${c(column)} >= $${since}::text::timestamptz)
  AND ($${before}::text::timestamptz IS NULL OR ${c(column)} < $${before}::text::timestamptz)`;
  return `($1::text::bigint[] IS NULL OR ${c("id")} = ANY($1::text::bigint[]))
  AND ($2::text::text[] IS NULL OR ${c("kind")} = ANY($2::text::text[]))
  AND ($3::text::text[] IS NULL OR ${c("queue")} = ANY($3::text::text[]))
  AND ($4::text::${t.jobState}[] IS NULL OR ${c("state")} = ANY($4::text::${t.jobState}[]))
  AND ($5::text::smallint[] IS NULL OR ${c("priority")} = ANY($5::text::smallint[]))
  AND ($6::text::varchar(255)[] IS NULL OR ${c("tags")} @> $6::text::varchar(255)[])
  AND ($7::text::varchar(255)[] IS NULL OR ${c("tags")} && $7::text::varchar(255)[])
  AND ($8::text::jsonb IS NULL OR (
    (($8::text::jsonb -> 'metadata') IS NULL OR ${c("metadata")} @> ($8::text::jsonb -> 'metadata'))
    AND (($8::text::jsonb -> 'args') IS NULL OR ${c("args")} @> ($8::text::jsonb -> 'args'))))
  AND ${range("created_at", 9, 10)}
  AND ${range("scheduled_at", 11, 12)}
  AND ${range("finalized_at", 13, 14)}`;
}
