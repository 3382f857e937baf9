/** Every statement on `river_job` the client and the runtime run, built once per schema. */
import { jobJsonColumn } from "./job-json-column.js";
import { InsertStatements } from "./insert-statements.js";
import { JobBulkSql } from "./job-bulk-sql.js";
import { JobListSql } from "./job-list-sql.js";
import { jobStatsSql, releasePendingSql } from "./job-stats-sql.js";
import { insertPayload, notifyCount, notifyQueues } from "./notify.js";
import type { SchemaTables } from "./schema-tables.js";

/**
 * Every statement on `river_job` the client and the runtime run, built once per schema.
 * Each returns job rows as one JSON text column `job` (see jobJsonColumn). Parameters are
 * text or numbers only; JSON travels as text and is cast with `::text::jsonb`.
 */
export class JobSql {

  /** The insert statements: `inserts.query(rows, queues)` picks one and encodes its parameters. */
  readonly inserts: InsertStatements;
  /** Listing and counting by River's filters, orderings and cursor. */
  readonly listing: JobListSql;
  /** Retry, cancel and delete by filter, in batches. */
  readonly bulk: JobBulkSql;
  /** See jobStatsSql. */
  readonly stats: string;
  /** See releasePendingSql. */
  readonly releasePending: string;
  /** $1 id. */
  readonly getById: string;
  /** $1 ids as a bigint[] literal. */
  readonly getByIds: string;
  /** $1 insert channel, $2 queues (JSON array): the trailing insert notification of a window that held some back. */
  readonly notifyInserted: string;
  /** $1 transaction ids (bigint[] literal): how many of them are still in progress (`open`). */
  readonly openTransactions: string;
  /** $1 id, $2 output (JSON text): sets `metadata.output`, as River's JobUpdate does. */
  readonly updateOutput: string;
  /**
   * $1 queue, $2 limit, $3 client id. Returns `job`; its `attempted_at`, the fetch's time as
   * PostgreSQL's exact JSON text (readJobJson), guards the outcome statements.
   */
  readonly fetchAvailable: string;
  /**
   * Takes the fleet-wide fetch lock of one queue until the transaction ends: $1 queue.
   * Run it, then {@link fetchLimited}, in one transaction of the client's own.
   */
  readonly fetchLimitLock: string;
  /**
   * Like fetchAvailable, for a queue with a fleet-wide `globalLimit` and/or `rateLimit`:
   * $1 queue, $2 limit, $3 client id, $4 global limit or null, $5 rate max or null,
   * $6 rate interval ms or null. Must run after fetchLimitLock in the same transaction: as a
   * separate statement it takes its snapshot after the lock is held, so its counts include
   * the jobs the previous lock holder marked running (one statement taking the lock itself
   * would count with a snapshot from before the wait and could exceed the limit).
   */
  readonly fetchLimited: string;
  /**
   * $1 id, $2 client id: marks one waiting job (available, pending, retryable or scheduled,
   * due or not) running for this client, as a fetch would, for `workJobNow`. Returns `job` like
   * fetchAvailable; no row when the job is absent, running or finalized.
   */
  readonly fetchById: string;
  /**
   * $1 periodic job ids (text[] literal), $2 true to cancel runs of those ids, false to
   * cancel runs of every other periodic id. Cancels runs not yet due (scheduled_at > now()).
   */
  readonly cancelPeriodicRuns: string;
  /** $1 id, $2 control channel. */
  readonly cancel: string;
  /** $1 id. */
  readonly retry: string;
  /** $1 id. */
  readonly delete: string;
  /** $1 ids as a bigint[] literal: which of them have had a cancel requested. */
  readonly cancelRequested: string;
  /**
   * $1 ids (bigint[] literal) of jobs this client fetched ahead and will not start, $2 client
   * id, $3 insert channel: undoes the fetch (state, attempt, the attempted_by entry) for those
   * still running under this client, and wakes the queues' producers.
   */
  readonly giveBack: string;

  constructor(t: SchemaTables, options: { asyncCommit: boolean }) {
    // The worker's own state changes (fetch, completion) may commit without waiting for the
    // WAL flush: losing the last few of them in a server crash makes a job run again, never
    // vanish. Inserts always commit synchronously.
    const { asyncCommit } = options;
    const relaxed = asyncCommit ? ", (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed_commit" : "";
    const job = jobJsonColumn();
    const jobJ = jobJsonColumn("j");
    const finalized = "('cancelled', 'completed', 'discarded')";
    this.inserts = new InsertStatements(t);
    this.listing = new JobListSql(t);
    this.bulk = new JobBulkSql(t);
    this.stats = jobStatsSql(t);
    this.releasePending = releasePendingSql(t);

    this.getById = `SELECT ${job} AS job FROM ${t.job} WHERE id = $1::bigint`;
    this.getByIds = `SELECT ${job} AS job FROM ${t.job} WHERE id = ANY($1::bigint[])`;
    this.notifyInserted = `SELECT ${notifyQueues("$1", "$2")}::int AS n`;
    this.openTransactions = `SELECT count(*) FILTER (WHERE txid_status(x) = 'in progress')::int AS open FROM unnest($1::text::bigint[]) AS x`;

    this.updateOutput = `UPDATE ${t.job} SET metadata = metadata || jsonb_build_object('output', $2::text::jsonb)
WHERE id = $1::bigint
RETURNING ${job} AS job`;

    // Locks up to `limit` available jobs of queue $1 (unless the queue is paused) and marks
    // them running for client $3: the one shape both fetch statements share.
    const lockAndMarkRunning = (limit: string) => `locked AS (
  SELECT id FROM ${t.job}
  WHERE state = 'available' AND queue = $1::text AND scheduled_at <= statement_timestamp()
    AND NOT EXISTS (SELECT 1 FROM ${t.queue} WHERE name = $1::text AND paused_at IS NOT NULL)
  ORDER BY priority, scheduled_at, id
  LIMIT ${limit}
  FOR UPDATE SKIP LOCKED
)
UPDATE ${t.job} j SET
  state = 'running',
  attempt = j.attempt + 1,
  attempted_at = statement_timestamp(),
  attempted_by = ${appendAttemptedBy("$3::text")}
FROM locked${relaxed} WHERE j.id = locked.id
RETURNING ${jobJ} AS job`;

    this.fetchAvailable = `WITH ${lockAndMarkRunning("$2::int")}`;

    this.fetchById = `UPDATE ${t.job} j SET
  state = 'running',
  attempt = j.attempt + 1,
  attempted_at = statement_timestamp(),
  attempted_by = ${appendAttemptedBy("$2::text")}
WHERE j.id = $1::bigint AND j.state IN ('available', 'pending', 'retryable', 'scheduled')
RETURNING ${jobJ} AS job`;

    this.fetchLimitLock = `SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${sqlText("tributary_fetch_limit:" + t.schema)}), hashtext($1::text))) l`;

    // Jobs started in the rate window: finalized ones are found through the finalized_at
    // index (finalized_at >= attempted_at), the others through the fetching index.
    const windowStart = "statement_timestamp() - make_interval(secs => $6::float8 / 1000)";
    this.fetchLimited = `WITH running AS (
  SELECT count(*)::int AS n FROM ${t.job}
  WHERE $4::int IS NOT NULL AND state = 'running' AND queue = $1::text
), started AS (
  SELECT (SELECT count(*) FROM ${t.job}
      WHERE $5::int IS NOT NULL AND state IN ('available', 'pending', 'retryable', 'running', 'scheduled')
        AND queue = $1::text AND attempted_at > ${windowStart})::int
    + (SELECT count(*) FROM ${t.job}
      WHERE $5::int IS NOT NULL AND state IN ${finalized} AND finalized_at > ${windowStart}
        AND queue = $1::text AND attempted_at > ${windowStart})::int AS n
), budget AS (
  -- least() ignores NULLs: an unset limit does not constrain.
  SELECT greatest(0, least($2::int, $4::int - running.n, $5::int - started.n)) AS n FROM running, started
), ${lockAndMarkRunning("(SELECT n FROM budget)")}`;

    this.cancelPeriodicRuns = `WITH cancelled AS (
  UPDATE ${t.job} SET state = 'cancelled', finalized_at = now()
  WHERE state IN ('scheduled', 'available') AND scheduled_at > now()
    AND metadata->>'river:periodic_job_id' IS NOT NULL
    AND (metadata->>'river:periodic_job_id' = ANY($1::text[])) = $2::boolean
  RETURNING 1
)
SELECT count(*)::int AS cancelled FROM cancelled`;

    this.cancel = `WITH target AS (
  SELECT id, state, queue FROM ${t.job} WHERE id = $1::bigint FOR UPDATE
), updated AS (
  UPDATE ${t.job} j SET
    state = CASE WHEN target.state IN ('running', 'cancelled', 'completed', 'discarded') THEN j.state ELSE 'cancelled' END,
    finalized_at = CASE WHEN target.state IN ('running', 'cancelled', 'completed', 'discarded') THEN j.finalized_at ELSE now() END,
    metadata = CASE WHEN target.state IN ${finalized} THEN j.metadata
      ELSE jsonb_set(j.metadata, '{cancel_attempted_at}', to_jsonb(now())) END
  FROM target WHERE j.id = target.id
  RETURNING ${jobJ} AS job, target.state::text AS previous_state, j.queue
), notified AS (
  SELECT ${notifyCount("$2", "json_build_object('action', 'cancel', 'job_id', $1::bigint, 'queue', u.queue)")} AS n
  FROM updated u WHERE u.previous_state = 'running'
)
SELECT updated.job FROM updated, notified`;

    this.retry = `UPDATE ${t.job} SET
  state = CASE WHEN state = 'running' THEN state ELSE 'available' END,
  scheduled_at = CASE WHEN state = 'running' THEN scheduled_at ELSE now() END,
  finalized_at = CASE WHEN state = 'running' THEN finalized_at ELSE NULL END,
  max_attempts = CASE WHEN state <> 'running' AND attempt >= max_attempts THEN attempt + 1 ELSE max_attempts END
WHERE id = $1::bigint
RETURNING ${job} AS job`;

    this.delete = `WITH target AS (SELECT id, state FROM ${t.job} WHERE id = $1::bigint FOR UPDATE),
deleted AS (
  DELETE FROM ${t.job} j USING target WHERE j.id = target.id AND target.state <> 'running'
  RETURNING ${jobJ} AS job
)
SELECT (SELECT state::text FROM target) AS state, (SELECT job FROM deleted) AS job`;

    this.cancelRequested = `SELECT id::text AS id FROM ${t.job}
WHERE id = ANY($1::bigint[]) AND state = 'running' AND metadata->>'cancel_attempted_at' IS NOT NULL`;

    // attempted_at keeps the fetch time for a retried job: the previous attempt's time is gone.
    this.giveBack = `WITH returned AS (
  UPDATE ${t.job} SET
    state = 'available',
    attempt = attempt - 1,
    attempted_at = CASE WHEN attempt <= 1 THEN NULL ELSE attempted_at END,
    attempted_by = CASE WHEN cardinality(attempted_by) <= 1 THEN NULL ELSE attempted_by[1:cardinality(attempted_by) - 1] END
  WHERE id = ANY($1::bigint[]) AND state = 'running' AND attempt > 0
    AND attempted_by[cardinality(attempted_by)] = $2::text
  RETURNING queue
)
SELECT ${notifyCount("$3", insertPayload("q.queue"))}::int AS n
FROM (SELECT DISTINCT queue FROM returned) q`;
  }
}

/**
 * `attempted_by` with `client` appended, keeping the last 100 entries as River does. The
 * common case is a plain append: slicing every row's array costs a fetch of hundreds of
 * jobs several percent.
 */
function appendAttemptedBy(client: string): string {
  return `CASE WHEN j.attempted_by IS NULL THEN ARRAY[${client}]
    WHEN cardinality(j.attempted_by) < 100 THEN array_append(j.attempted_by, ${client})
    ELSE (j.attempted_by || ${client})[cardinality(j.attempted_by) + 1 - 99:] END`;
}

/** A string literal for SQL text (only for values the code controls, e.g. the schema name). */
function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
