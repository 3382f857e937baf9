/** The one statement behind `tributary.queue.depth`: jobs not yet finalized, counted by queue and state. */

/** The states counted: every state a job waits or runs in (finalized jobs are counted by the outcome counters). */
export const DEPTH_STATES = ["available", "pending", "retryable", "running", "scheduled"] as const;

/**
 * Counts the jobs of `schema.river_job` in each non-finalized state, by queue. `state IN
 * (…)` is the leading column of River's `river_job_prioritized_fetching_index` (state,
 * queue, priority, scheduled_at, id), so PostgreSQL answers from that index (an index-only
 * scan on a vacuumed table) and reads only the waiting and running jobs' entries: the
 * completed, cancelled and discarded rows that make a table large are never visited.
 */
export function queueDepthSql(schema: string): string {
  const table = `"${schema.replaceAll('"', '""')}".river_job`;
  const states = DEPTH_STATES.map((s) => `'${s}'`).join(", ");
  return `SELECT queue, state::text AS state, count(*)::text AS count FROM ${table} WHERE state IN (${states}) GROUP BY queue, state`;
}
