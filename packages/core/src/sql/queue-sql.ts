/** Statements on `river_queue`: registering a worked queue, pausing and resuming. */
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
    this.pause = setPaused(true, "pause");
    this.resume = setPaused(false, "resume");
  }
}
