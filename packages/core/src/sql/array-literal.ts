/**
 * PostgreSQL array literals, so a list travels as one text parameter (`$1::text[]`,
 * `$1::bigint[]`) through every driver, whatever array handling its library has.
 */

/** A `text[]` literal: every element quoted, backslashes and quotes escaped. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** A `bigint[]` literal of job ids (decimal strings, validated or read from the database). */
export function bigintArrayLiteral(ids: readonly string[]): string {
  return `{${ids.join(",")}}`;
}
