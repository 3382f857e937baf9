/** Statements the leader's maintenance services run on `river_job` and `river_queue`. */
import { jobJsonColumn } from "./job-json-column.js";
import { insertPayload, notifyCount } from "./notify.js";
import { riverCounter } from "./river-counter.js";
import type { SchemaTables } from "./schema-tables.js";

/*
 * Statements the leader's maintenance services run, one set-based statement per batch,
 * after River's `JobSchedule`, `JobRescueMany`, `JobDeleteBefore` and `QueueDeleteExpired`.
 * Each returns a single int4 count; durations come in as milliseconds. The jsonb `?`
 * operator is avoided on purpose: some libraries treat a bare `?` as a placeholder.
 */

/** `$n` milliseconds as an interval. */
function ms(param: string): string {
  return `make_interval(secs => ${param}::float8 / 1000)`;
}

/**
 * Moves due `scheduled`/`retryable` jobs to `available` (`$1` batch size) and notifies
 * `$2` (the `<schema>.river_insert` channel) once per queue that received jobs.
 *
 * As River does, a unique job that cannot become available because another job already
 * holds its unique key in a unique state (possible when `retryable` is not one of its
 * unique states) is discarded with `metadata.unique_key_conflict = "scheduler_discarded"`
 * instead of failing the whole batch on the unique index. Returns `moved` (both kinds).
 */
export function scheduleDueJobsSql(t: SchemaTables): string {
  return `WITH due AS (
  SELECT id, queue, priority, scheduled_at, unique_key, unique_states
  FROM ${t.job}
  WHERE state IN ('retryable', 'scheduled') AND scheduled_at <= now()
  ORDER BY priority, scheduled_at, id
  LIMIT $1::int
  FOR UPDATE SKIP LOCKED
), ranked AS (
  SELECT due.*,
    CASE WHEN unique_key IS NOT NULL AND unique_states IS NOT NULL
      THEN row_number() OVER (PARTITION BY unique_key ORDER BY priority, scheduled_at, id)
    END AS unique_rank
  FROM due
), decided AS (
  SELECT ranked.id,
    ranked.unique_rank IS NOT NULL AND (
      ranked.unique_rank > 1 OR EXISTS (
        SELECT 1 FROM ${t.job} other
        WHERE other.unique_key = ranked.unique_key
          AND other.id <> ranked.id
          AND other.id NOT IN (SELECT id FROM due)
          AND other.unique_states IS NOT NULL
          AND ${t.stateInBitmask}(other.unique_states, other.state)
      )
    ) AS conflicted
  FROM ranked
), moved AS (
  UPDATE ${t.job} job SET
    state = CASE WHEN decided.conflicted THEN 'discarded' ELSE 'available' END::${t.jobState},
    finalized_at = CASE WHEN decided.conflicted THEN now() ELSE job.finalized_at END,
    metadata = CASE WHEN decided.conflicted
      THEN job.metadata || '{"unique_key_conflict": "scheduler_discarded"}'::jsonb
      ELSE job.metadata END
  FROM decided
  WHERE job.id = decided.id
  RETURNING job.queue, decided.conflicted
), notified AS (
  SELECT ${notifyCount("$2", insertPayload("queue"))} AS n
  FROM (SELECT DISTINCT queue FROM moved WHERE NOT conflicted) queues
)
SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT n FROM notified)::int AS notified`;
}

/**
 * Selects a page of running jobs whose attempt started more than `$1` ms ago (`$2` page
 * size, ids above `$3`), as job JSON with `now()`, so the rescuer decides per job (its
 * kind's timeout, its retry policy) before {@link rescueStuckJobsSql}.
 */
export function selectStuckJobsSql(t: SchemaTables): string {
  return `SELECT ${jobJsonColumn()} AS job, to_json(now())::text AS now
FROM ${t.job}
WHERE state = 'running' AND attempted_at < now() - ${ms("$1")} AND id > $3::bigint
ORDER BY id
LIMIT $2::int`;
}

/**
 * Rescues running jobs whose attempt started more than `$1` ms ago (`$2` batch size): a job
 * whose cancellation was requested becomes `cancelled`, one out of attempts `discarded`,
 * any other `retryable`. Each gets River's rescue error appended and
 * `metadata."river:rescue_count"` incremented.
 *
 * `$3` is a JSON object `{ "<id>": "<ISO time>" | null }` from the retry policy: only
 * those ids are rescued, retryable ones at the given time. Returns `rescued`.
 */
export function rescueStuckJobsSql(t: SchemaTables): string {
  return `WITH stuck AS (
  SELECT id FROM ${t.job}
  WHERE state = 'running' AND attempted_at < now() - ${ms("$1")}
    AND $3::text::jsonb -> id::text IS NOT NULL
  ORDER BY id
  LIMIT $2::int
  FOR UPDATE SKIP LOCKED
), decided AS (
  SELECT job.id,
    CASE
      WHEN job.metadata -> 'cancel_attempted_at' IS NOT NULL THEN 'cancelled'
      WHEN job.attempt >= job.max_attempts THEN 'discarded'
      ELSE 'retryable'
    END::${t.jobState} AS new_state
  FROM ${t.job} job JOIN stuck ON stuck.id = job.id
), rescued AS (
  UPDATE ${t.job} job SET
    state = decided.new_state,
    finalized_at = CASE WHEN decided.new_state = 'retryable' THEN NULL ELSE now() END,
    scheduled_at = CASE WHEN decided.new_state = 'retryable'
      THEN coalesce(($3::text::jsonb ->> job.id::text)::timestamptz, now()) ELSE job.scheduled_at END,
    errors = array_append(job.errors, jsonb_build_object(
      'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'attempt', greatest(job.attempt, 0),
      'error', 'Stuck job rescued by JobRescuer',
      'trace', ''
    )),
    metadata = jsonb_set(job.metadata, '{river:rescue_count}',
      to_jsonb(${riverCounter("job.metadata -> 'river:rescue_count'")} + 1))
  FROM decided
  WHERE job.id = decided.id
  RETURNING job.id
)
SELECT count(*)::int AS rescued FROM rescued`;
}

/**
 * Deletes finalized jobs past their retention (`$1` completed, `$2` cancelled, `$3`
 * discarded, each ms or null to keep forever), at most `$4` per statement. Returns `deleted`.
 */
export function deleteFinalizedJobsSql(t: SchemaTables): string {
  return `WITH deleted AS (
  DELETE FROM ${t.job}
  WHERE id IN (
    SELECT id FROM ${t.job}
    WHERE (state = 'completed' AND finalized_at < now() - ${ms("$1")})
       OR (state = 'cancelled' AND finalized_at < now() - ${ms("$2")})
       OR (state = 'discarded' AND finalized_at < now() - ${ms("$3")})
    ORDER BY id
    LIMIT $4::int
  )
  RETURNING id
)
SELECT count(*)::int AS deleted FROM deleted`;
}

/** Deletes `river_queue` rows not updated for `$1` ms, at most `$2`. Returns `deleted`. */
export function deleteStaleQueuesSql(t: SchemaTables): string {
  return `WITH deleted AS (
  DELETE FROM ${t.queue}
  WHERE name IN (
    SELECT name FROM ${t.queue}
    WHERE updated_at < now() - ${ms("$1")}
    ORDER BY name
    LIMIT $2::int
  )
  RETURNING name
)
SELECT count(*)::int AS deleted FROM deleted`;
}
