/**
 * PostgreSQL array literals, so a list travels as one text parameter (`$1::text[]`,
 * `$1::bigint[]`) through every driver, whatever array handling its library has.
 */

/** A `text[]` literal: every element quoted, backslashes and quotes escaped; null is NULL. */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;
}

/**
 * An integer array literal (`$1::bigint[]`, `$1::text::smallint[]`) of validated integers or
 * job ids (decimal strings, validated or read from the database).
 */
export function integerArrayLiteral(values: readonly (number | string)[]): string {
  return `{${values.join(",")}}`;
}
