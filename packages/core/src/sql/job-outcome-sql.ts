/** The statements that record an attempt's outcome on `river_job`, each guarded by the fetch that produced it. */
import { riverCounter } from "./river-counter.js";
import type { SchemaTables } from "./schema-tables.js";

/**
 * Every write here applies only while the row is `running` with the `attempt` and the exact
 * `attempted_at` of the fetch that produced the outcome (`attempted_at` travels as the text
 * PostgreSQL gave at the fetch, so it compares to the microsecond): a late outcome of an
 * attempt that was rescued and fetched again never finishes the other run. `finishMany`
 * returns one row per row it changed, `r` = JSON text `[id, state, attempt, finalized_at,
 * scheduled_at]`, what the job events report; `completeMany` one row for the batch.
 */
export class JobOutcomeSql {
  /**
   * $1 ids (bigint[] literal), $2 attempts (int[] literal), $3 attempted_at texts (text[]
   * literal), $4 staged metadata (text[] literal of JSON objects or NULL), merged with `||`.
   * Returns one row: `ids`, the completed ids joined by commas, and `finalized_at` (JSON text).
   */
  readonly completeMany: string;
  /**
   * $1 outcomes: JSON array of `{ id, attempt, attempted_at, state, scheduled_at, error, snooze, interrupt, staged }`
   * (`staged`: metadata the worker staged, merged with `||` before the snooze counter).
   * A retry or snooze of a job whose cancel was requested (`metadata.cancel_attempted_at`)
   * becomes `cancelled` (River's rule, so a cancel whose notification was missed still
   * cancels); an interrupt (the client stopped) makes the job `available` now with its
   * attempt restored and nothing else touched.
   */
  readonly finishMany: string;
  /**
   * $1 id, $2 attempt or null, $3 attempted_at text or null: completes one running job
   * inside the caller's transaction, guarded by the attempt when given. Returns the job JSON.
   */
  readonly completeOne: string;

  constructor(t: SchemaTables, jobJson: (alias: string) => string, options: { asyncCommit: boolean }) {
    // See JobSql: the worker's own state changes may skip the WAL flush wait.
    const relaxed = options.asyncCommit ? ", (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed_commit" : "";
    const finalized = "('cancelled', 'completed', 'discarded')";
    const guard = "j.state = 'running' AND j.attempt = o.attempt AND j.attempted_at = o.attempted_at::timestamptz";
    const returning = "RETURNING json_build_array(j.id::text, j.state, j.attempt, j.finalized_at, j.scheduled_at)::text AS r";

    // One row back for the whole batch: the ids it completed and their shared finalized_at
    // (state and attempt are the outcome's own, scheduled_at is unchanged). Building a row of
    // timestamps per job costs PostgreSQL a tenth of the statement.
    this.completeMany = `WITH done AS (
  UPDATE ${t.job} j SET state = 'completed', finalized_at = now(),
    metadata = CASE WHEN o.staged IS NULL THEN j.metadata ELSE j.metadata || o.staged::jsonb END
  FROM unnest($1::text::bigint[], $2::text::int[], $3::text::text[], $4::text::text[]) AS o(id, attempt, attempted_at, staged)${relaxed}
  WHERE j.id = o.id AND ${guard}
  RETURNING j.id
)
SELECT coalesce(string_agg(id::text, ','), '') AS ids, to_json(now()) #>> '{}' AS finalized_at FROM done`;

    this.finishMany = `WITH o AS (
  SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS o(id bigint, attempt int, attempted_at text, state text,
    scheduled_at timestamptz, error jsonb, snooze boolean, interrupt boolean, staged jsonb)
), decided AS (
  SELECT o.*,
    CASE WHEN NOT o.interrupt AND o.state IN ('retryable', 'scheduled', 'available')
        AND j.metadata -> 'cancel_attempted_at' IS NOT NULL
      THEN 'cancelled' ELSE o.state END AS new_state
  FROM o JOIN ${t.job} j ON j.id = o.id
)
UPDATE ${t.job} j SET
  state = o.new_state::${t.jobState},
  finalized_at = CASE WHEN o.new_state IN ${finalized} THEN now() ELSE NULL END,
  scheduled_at = CASE WHEN o.interrupt THEN now() ELSE coalesce(o.scheduled_at, j.scheduled_at) END,
  errors = CASE WHEN o.error IS NULL THEN j.errors ELSE array_append(coalesce(j.errors, '{}'::jsonb[]), o.error) END,
  attempt = CASE WHEN o.interrupt OR (o.snooze AND o.new_state <> 'cancelled') THEN greatest(j.attempt - 1, 0) ELSE j.attempt END,
  metadata = CASE WHEN o.snooze
    THEN j.metadata || coalesce(o.staged, '{}') || jsonb_build_object('snoozes', ${riverCounter("j.metadata -> 'snoozes'")} + 1)
    ELSE j.metadata || coalesce(o.staged, '{}') END
FROM decided o${relaxed}
WHERE j.id = o.id AND ${guard}
${returning}`;

    this.completeOne = `UPDATE ${t.job} j SET state = 'completed', finalized_at = now()
WHERE j.id = $1::bigint AND j.state = 'running'
  AND ($2::int IS NULL OR (j.attempt = $2::int AND j.attempted_at = $3::text::timestamptz))
RETURNING ${jobJson("j")} AS job`;
  }
}
