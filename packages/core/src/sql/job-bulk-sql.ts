/** Bulk retry, cancel and delete on `river_job` by River's job filters: one set-based statement per batch of ids. */
import { jobFilterSql } from "./job-filter-sql.js";
import { insertPayload, notifyCount } from "./notify.js";
import type { SchemaTables } from "./schema-tables.js";

/**
 * Each statement takes the filters $1–$14, $15 the id after which this batch starts ('0' for
 * the first), $16 the batch size, and works on the first $16 matching ids above $15 that it may
 * change, locked in id order. Each returns `last_id` (the batch's highest id, null when the
 * batch is empty), `matched` (rows in the batch) and `changed`; the caller runs the next batch
 * from `last_id` until one comes back short. Paging by id keeps a retried job (now available,
 * and maybe still matching) from being visited twice.
 */
export class JobBulkSql {
  /**
   * … $17 insert channel. Every job that is neither running nor already available and due
   * becomes available now, as `retry` does; the queues' producers are woken.
   */
  readonly retry: string;
  /**
   * … $17 control channel. Waiting jobs are cancelled; running ones get
   * `metadata.cancel_attempted_at` and River's cancel notification, as `cancel` does.
   * Also returns `running_ids` (a JSON array of id strings) of the running jobs told to cancel.
   */
  readonly cancel: string;
  /** Deletes every matching job that is not running. */
  readonly delete: string;

  constructor(t: SchemaTables) {
    const target = (extraColumns: string, condition: string) => `target AS (
  SELECT id${extraColumns} FROM ${t.job}
  WHERE ${jobFilterSql(t)} AND id > $15::text::bigint AND ${condition}
  ORDER BY id
  LIMIT $16::int
  FOR UPDATE
)`;
    const summary = "(SELECT max(id)::text FROM target) AS last_id, (SELECT count(*) FROM target)::int AS matched";

    this.retry = `WITH ${target("", "state <> 'running' AND NOT (state = 'available' AND scheduled_at <= now())")},
changed AS (
  UPDATE ${t.job} j SET
    state = 'available',
    scheduled_at = now(),
    finalized_at = NULL,
    max_attempts = CASE WHEN j.attempt >= j.max_attempts THEN j.attempt + 1 ELSE j.max_attempts END
  FROM target WHERE j.id = target.id
  RETURNING j.queue
), notified AS (
  SELECT ${notifyCount("$17", insertPayload("q.queue"))} AS n FROM (SELECT DISTINCT queue FROM changed) q
)
SELECT ${summary}, (SELECT count(*) FROM changed)::int AS changed, (SELECT n FROM notified)::int AS notified`;

    this.cancel = `WITH ${target(", state", "state NOT IN ('cancelled', 'completed', 'discarded')")},
changed AS (
  UPDATE ${t.job} j SET
    state = CASE WHEN target.state = 'running' THEN j.state ELSE 'cancelled' END,
    finalized_at = CASE WHEN target.state = 'running' THEN j.finalized_at ELSE now() END,
    metadata = jsonb_set(j.metadata, '{cancel_attempted_at}', to_jsonb(now()))
  FROM target WHERE j.id = target.id
  RETURNING j.id, j.queue, target.state = 'running' AS was_running
), notified AS (
  SELECT ${notifyCount("$17", "json_build_object('action', 'cancel', 'job_id', c.id, 'queue', c.queue)")} AS n
  FROM changed c WHERE c.was_running
)
SELECT ${summary}, (SELECT count(*) FROM changed)::int AS changed, (SELECT n FROM notified)::int AS notified,
  (SELECT coalesce(json_agg(id::text ORDER BY id), '[]')::text FROM changed WHERE was_running) AS running_ids`;

    this.delete = `WITH ${target("", "state <> 'running'")},
deleted AS (
  DELETE FROM ${t.job} j USING target WHERE j.id = target.id
  RETURNING j.id
)
SELECT ${summary}, (SELECT count(*) FROM deleted)::int AS changed`;
  }
}
