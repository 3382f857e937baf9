/** What an insert returns: the inserted (or existing) job, rebuilt from what was sent. */
import type { JobRow, JobState } from "./job-row.js";
import { parseExactJson } from "../json/exact-json-parse.js";
import { asJsonbStores } from "../json/jsonb-stored-value.js";
import type { InsertRow } from "./insert-row.js";

/** The result of one insert. */
export interface InsertResult<TArgs = Record<string, unknown>> {
  job: JobRow<TArgs>;
  /** True when a unique job already existed: `job` is that existing job and nothing was inserted. */
  skipped: boolean;
}

/**
 * Builds the inserted job from what was sent plus what the database decided: the insert
 * statement's `[id, skipped]` and its `now()`. The state and timestamps follow the rules the
 * statement applied (created_at = now(); scheduled_at defaults to now(); scheduled when
 * scheduled_at is after now()), so they equal what a later read returns. For a skipped row
 * the caller replaces the job with the existing one.
 */
export function insertResultFromReturned(row: InsertRow, returned: string, statementNow: Date): InsertResult {
  const [id, skipped] = JSON.parse(returned) as [string, boolean];
  const scheduledAt = row.scheduled_at === null ? statementNow : new Date(row.scheduled_at);
  const state: JobState = row.pending ? "pending" : scheduledAt > statementNow ? "scheduled" : "available";
  return {
    skipped,
    job: {
      id,
      state,
      attempt: 0,
      maxAttempts: row.max_attempts,
      attemptedAt: null,
      attemptedBy: [],
      createdAt: statementNow,
      finalizedAt: null,
      scheduledAt,
      priority: row.priority,
      // As a later read returns them: a bigint stays a bigint, and numbers change as jsonb changes them.
      args: asJsonbStores(parseExactJson(row.args)) as Record<string, unknown>,
      errors: [],
      kind: row.kind,
      metadata: asJsonbStores(parseExactJson(row.metadata)) as Record<string, unknown>,
      queue: row.queue,
      tags: [...row.tags],
      uniqueKey: row.unique_key,
      uniqueStates: row.unique_states,
    },
  };
}
