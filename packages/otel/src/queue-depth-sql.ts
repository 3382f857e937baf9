/** The one statement behind `tributary.queue.depth`: jobs not yet finalized, counted by queue and state (or estimated from a sample of the table's pages). */

/** The states counted: every state a job waits or runs in (finalized jobs are counted by the outcome counters). */
export const DEPTH_STATES = ["available", "pending", "retryable", "running", "scheduled"] as const;

/**
 * Counts the jobs of `schema.river_job` in each non-finalized state, by queue. `state IN
 * (…)` is the leading column of River's `river_job_prioritized_fetching_index` (state,
 * queue, priority, scheduled_at, id), so PostgreSQL answers from that index (an index-only
 * scan on a vacuumed table) and reads only the waiting and running jobs' entries: the
 * completed, cancelled and discarded rows that make a table large are never visited.
 *
 * With `samplePercent` below 100 it counts only the rows of that share of the table's pages
 * (`TABLESAMPLE SYSTEM`, pages picked at random), for an estimate: each count divided by the
 * share. It reads that share of the pages whatever the backlog, so a backlog of millions
 * costs what counting a fixed number of jobs would.
 */
export function queueDepthSql(schema: string, samplePercent = 100): string {
  const table = `"${schema.replaceAll('"', '""')}".river_job`;
  const states = DEPTH_STATES.map((s) => `'${s}'`).join(", ");
  const sample = samplePercent < 100 ? ` TABLESAMPLE SYSTEM (${samplePercent.toFixed(4)})` : "";
  return `SELECT queue, state::text AS state, count(*)::text AS count FROM ${table}${sample} WHERE state IN (${states}) GROUP BY queue, state`;
}
