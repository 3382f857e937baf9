/** Statements on `river_queue`: registering a worked queue, pausing and resuming, listing and updating queues. */
import { notifyCount } from "./notify.js";
import type { SchemaTables } from "./schema-tables.js";

/** Statements on `river_queue`: registering a worked queue, pausing and resuming. */
export class QueueSql {
  /** $1 queue names (JSON array). Creates or touches the rows, so the queue cleaner keeps them. */
  readonly touch: string;
  /** $1 queue or "*", $2 control channel. */
  readonly pause: string;
  /** $1 queue or "*", $2 control channel. */
  readonly resume: string;
  /**
   * $1 queue name or null for all. One JSON text column `queue` per queue that has a
   * `river_queue` row or any job, by name: the row's fields (null without a row), the job
   * counts by state, and the age of the oldest available job in ms (null when none).
   */
  readonly list: string;
  /**
   * $1 queue, $2 metadata (JSON text), $3 control channel, $4 River's `metadata_changed`
   * payload. Replaces the queue's metadata (creating its row if missing) and notifies.
   */
  readonly updateMetadata: string;

  constructor(t: SchemaTables) {
    this.touch = `INSERT INTO ${t.queue} (name, created_at, metadata, updated_at)
SELECT q.name, now(), '{}', now() FROM jsonb_array_elements_text($1::text::jsonb) AS q(name)
ON CONFLICT (name) DO UPDATE SET updated_at = now()`;
    const setPaused = (paused: boolean, action: string) => `WITH upserted AS (
  INSERT INTO ${t.queue} (name, created_at, metadata, paused_at, updated_at)
  SELECT $1::text, now(), '{}', ${paused ? "now()" : "NULL"}, now() WHERE $1::text <> '*'
  ON CONFLICT (name) DO UPDATE SET paused_at = ${paused ? "coalesce(" + t.queue + ".paused_at, now())" : "NULL"}, updated_at = now()
  RETURNING name
), all_queues AS (
  UPDATE ${t.queue} SET paused_at = ${paused ? "coalesce(paused_at, now())" : "NULL"}, updated_at = now() WHERE $1::text = '*'
  RETURNING name
)
SELECT ${notifyCount("$2", `json_build_object('action', '${action}', 'queue', $1::text)`)}::int AS sent,
  (SELECT count(*) FROM upserted)::int + (SELECT count(*) FROM all_queues)::int AS n`;
    this.list = `WITH counts AS (
  SELECT queue, state::text AS state, count(*)::int AS n FROM ${t.job}
  WHERE $1::text IS NULL OR queue = $1::text GROUP BY queue, state
), oldest AS (
  SELECT queue, min(scheduled_at) AS at FROM ${t.job}
  WHERE state = 'available' AND ($1::text IS NULL OR queue = $1::text) GROUP BY queue
), names AS (
  SELECT name FROM ${t.queue} WHERE $1::text IS NULL OR name = $1::text
  UNION SELECT queue FROM counts
)
SELECT json_build_object(
  'name', n.name, 'created_at', q.created_at, 'updated_at', q.updated_at, 'paused_at', q.paused_at,
  'metadata', q.metadata,
  'counts', (SELECT coalesce(json_object_agg(c.state, c.n), '{}') FROM counts c WHERE c.queue = n.name),
  'oldest_available_age_ms', (SELECT greatest(0, extract(epoch FROM now() - o.at) * 1000)::float8 FROM oldest o WHERE o.queue = n.name)
)::text AS queue
FROM names n LEFT JOIN ${t.queue} q ON q.name = n.name
ORDER BY n.name`;
    this.updateMetadata = `WITH upserted AS (
  INSERT INTO ${t.queue} (name, created_at, metadata, updated_at) VALUES ($1::text, now(), $2::text::jsonb, now())
  ON CONFLICT (name) DO UPDATE SET metadata = EXCLUDED.metadata, updated_at = now()
  RETURNING name
)
SELECT (SELECT count(*) FROM upserted)::int AS n, ${notifyCount("$3", "$4::text")}::int AS sent`;
    this.pause = setPaused(true, "pause");
    this.resume = setPaused(false, "resume");
  }
}
