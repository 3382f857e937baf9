/** River's forgiving reading of a counter kept in job metadata (`snoozes`, `river:rescue_count`). */

/**
 * The jsonb value `value` as River counts it, as a `numeric` that never raises: a number
 * truncated toward zero (exact beyond 2^53: numeric, not float), a string holding a plain
 * integer as that integer, `true` as 1, anything else (other strings, `false`, null, arrays,
 * objects, absent) as 0.
 */
export function riverCounter(value: string): string {
  return `(CASE jsonb_typeof(${value})
    WHEN 'number' THEN trunc((${value} #>> '{}')::numeric, 0)
    WHEN 'string' THEN CASE WHEN (${value} #>> '{}') ~ '^[+-]?[0-9]+$' THEN (${value} #>> '{}')::numeric ELSE 0 END
    WHEN 'boolean' THEN CASE WHEN ${value} = 'true'::jsonb THEN 1 ELSE 0 END
    ELSE 0 END)`;
}
