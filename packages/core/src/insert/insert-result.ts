import type { JobRow, JobState } from "../job-row.js";
import type { InsertRow } from "./insert-row.js";

/** The result of one insert. */
export interface InsertResult<TArgs = Record<string, unknown>> {
  job: JobRow<TArgs>;
  /** True when a unique job already existed: `job` is that existing job and nothing was inserted. */
  skipped: boolean;
}

/**
 * Builds the inserted job from what was sent plus what the database decided (the insert
 * statement's `[id, skipped, state, created_at, scheduled_at]`). Values come from the sent
 * JSON, so they equal what a later read returns.
 */
export function insertResultFromReturned(row: InsertRow, returned: string): InsertResult {
  const [id, skipped, state, createdAt, scheduledAt] = JSON.parse(returned) as [string, boolean, JobState, string, string];
  return {
    skipped,
    job: {
      id,
      state,
      attempt: 0,
      maxAttempts: row.max_attempts,
      attemptedAt: null,
      attemptedBy: [],
      createdAt: new Date(createdAt),
      finalizedAt: null,
      scheduledAt: new Date(scheduledAt),
      priority: row.priority,
      args: JSON.parse(row.args) as Record<string, unknown>,
      errors: [],
      kind: row.kind,
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      queue: row.queue,
      tags: [...row.tags],
      uniqueKey: row.unique_key,
      uniqueStates: row.unique_states,
    },
  };
}
