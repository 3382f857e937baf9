/** The one SQL fragment every statement uses to send River's notifications. */

/**
 * `pg_notify(channel, payload)` counted, so it can stand in a SELECT list or a CTE of any
 * statement: `channel` is a text parameter or expression, `payload` a json or text expression.
 */
export function notifyCount(channel: string, payload: string): string {
  return `count(pg_notify(${channel}::text, (${payload})::text))`;
}

/** River's insert payload for the queue named by the text expression `queue`: `{"queue": "<name>"}`, as Go writes it. */
export function insertPayload(queue: string): string {
  return `('{"queue": ' || to_json(${queue}::text)::text || '}')`;
}

/**
 * River's insert payload for `queue` built here, byte for byte what {@link insertPayload}
 * builds in SQL (a queue name is ASCII letters, digits, `_`, `-` and `|`, which JSON and
 * PostgreSQL escape alike): for a statement that notifies one known queue with a bare
 * `pg_notify`, whose parsing costs the server less than a query over a JSON array.
 */
export function insertPayloadText(queue: string): string {
  return `{"queue": ${JSON.stringify(queue)}}`;
}

/**
 * One insert notification per queue of the JSON array `queuesJson`, as a scalar subquery
 * counting them: `SELECT ${notifyQueues("$1", "$2")} AS notified`.
 */
export function notifyQueues(channel: string, queuesJson: string): string {
  return `(SELECT ${notifyCount(channel, insertPayload("q.name"))} FROM jsonb_array_elements_text(${queuesJson}::text::jsonb) AS q(name))`;
}
