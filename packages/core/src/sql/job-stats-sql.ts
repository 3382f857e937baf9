/** The statements behind `jobStats` and `releaseJobs`: counts by queue and state, outcomes per minute, and moving pending jobs on. */
import { insertPayload, notifyCount } from "./notify.js";
import type { SchemaTables } from "./schema-tables.js";

/**
 * $1 since (RFC 3339 text). One JSON text column `stats`: `counts` (queue, state, n) over every
 * job, `minutes` (minute, completed, failed, discarded) from `since` on, and the statement's
 * `now`. Completed and discarded are counted by finalized_at; failed attempts by the `at` of
 * each error element. A job finalized before `since` cannot hold a later error, so only jobs
 * still open or finalized since then are unnested.
 */
export function jobStatsSql(t: SchemaTables): string {
  return `WITH counts AS (
  SELECT queue, state::text AS state, count(*)::int AS n FROM ${t.job} GROUP BY queue, state
), finalized AS (
  SELECT date_trunc('minute', finalized_at) AS minute,
    count(*) FILTER (WHERE state = 'completed')::int AS completed,
    count(*) FILTER (WHERE state = 'discarded')::int AS discarded
  FROM ${t.job}
  WHERE state IN ('completed', 'discarded') AND finalized_at >= $1::text::timestamptz
  GROUP BY 1
), failed AS (
  SELECT date_trunc('minute', (e->>'at')::timestamptz) AS minute, count(*)::int AS failed
  FROM ${t.job} j, unnest(j.errors) AS e
  WHERE j.errors IS NOT NULL AND (j.finalized_at IS NULL OR j.finalized_at >= $1::text::timestamptz)
    AND (e->>'at')::timestamptz >= $1::text::timestamptz
  GROUP BY 1
)
SELECT json_build_object(
  'counts', (SELECT coalesce(json_agg(json_build_object('queue', queue, 'state', state, 'n', n) ORDER BY queue, state), '[]') FROM counts),
  'minutes', (SELECT coalesce(json_agg(json_build_object(
      'minute', minute, 'completed', coalesce(completed, 0), 'failed', coalesce(failed, 0), 'discarded', coalesce(discarded, 0)
    ) ORDER BY minute), '[]') FROM finalized FULL JOIN failed USING (minute)),
  'now', now()
)::text AS stats`;
}

/**
 * $1 ids (bigint[] literal), $2 insert channel. Pending jobs among them become available
 * (scheduled_at due) or scheduled (future), River's only way out of `pending`; the queues'
 * producers are woken. Returns `ids`, a JSON array of the released ids.
 */
export function releasePendingSql(t: SchemaTables): string {
  return `WITH released AS (
  UPDATE ${t.job} SET state = CASE WHEN scheduled_at <= now() THEN 'available'::${t.jobState} ELSE 'scheduled'::${t.jobState} END
  WHERE id = ANY($1::text::bigint[]) AND state = 'pending'
  RETURNING id, queue
), notified AS (
  SELECT ${notifyCount("$2", insertPayload("q.queue"))} AS n FROM (SELECT DISTINCT queue FROM released) q
)
SELECT (SELECT coalesce(json_agg(id::text ORDER BY id), '[]') FROM released)::text AS ids, (SELECT n FROM notified)::int AS notified`;
}
