/** Retrying, cancelling and deleting every job that matches River's filters, in batches of one set-based statement each. */
import { InvalidArgumentError } from "../base/errors.js";
import type { Executor } from "../driver/driver.js";
import type { SchemaStatements } from "../sql/schema-statements.js";
import { type AdminContext, runAdminQuery } from "./admin-context.js";
import { type JobFilters, filterParams } from "./job-filters.js";

/** What a bulk action changed. */
export interface BulkJobsResult {
  /** Jobs changed (retried, cancelled or told to cancel, deleted). */
  count: number;
}

/** What `cancelJobs` changed: waiting jobs are cancelled at once, running ones are told to cancel. */
export interface CancelJobsResult extends BulkJobsResult {
  /** Ids of the running jobs whose workers were sent River's cancel notification. */
  cancelRequested: string[];
}

/** Options of `deleteJobs`. */
export interface DeleteJobsOptions {
  /** Required to delete with no filter at all (River's `UnsafeAll`): every job that is not running. */
  unsafeAll?: boolean;
}

/**
 * Rows locked per statement: enough that 10,000 jobs take two statements, few enough that
 * one batch never holds the locks of a whole table.
 */
export const BULK_BATCH_SIZE = 5_000;

type BulkRow = { last_id: string | null; matched: number; changed: number; running_ids?: string };

/** Makes every matching job that is not running available now (attempts kept). */
export async function retryJobs(ctx: AdminContext, filters: JobFilters, executor?: Executor): Promise<BulkJobsResult> {
  const { count } = await inBatches(ctx, filters, executor, (s) => ({ sql: s.jobs.bulk.retry, tail: [s.tables.channels.insert] }));
  return { count };
}

/** Cancels every matching job not yet finalized; running ones the way `cancelJob` does (notification + `cancel_attempted_at`). */
export async function cancelJobs(ctx: AdminContext, filters: JobFilters, executor?: Executor): Promise<CancelJobsResult> {
  return inBatches(ctx, filters, executor, (s) => ({ sql: s.jobs.bulk.cancel, tail: [s.tables.channels.control] }));
}

/** Deletes every matching job that is not running; no filter at all needs `{ unsafeAll: true }`. */
export async function deleteJobs(
  ctx: AdminContext,
  filters: JobFilters,
  options: DeleteJobsOptions,
  executor?: Executor,
): Promise<BulkJobsResult> {
  if (options.unsafeAll !== undefined && typeof options.unsafeAll !== "boolean") {
    throw new InvalidArgumentError("options.unsafeAll", "must be a boolean");
  }
  if (filterParams(filters, "filters").empty && options.unsafeAll !== true) {
    throw new InvalidArgumentError("filters", "no filter given: this would delete every job; pass { unsafeAll: true } to mean it");
  }
  const { count } = await inBatches(ctx, filters, executor, (s) => ({ sql: s.jobs.bulk.delete, tail: [] }));
  return { count };
}

/** Runs one bulk statement batch after batch, each starting after the last id of the one before. */
async function inBatches(
  ctx: AdminContext,
  filters: JobFilters,
  executor: Executor | undefined,
  pick: (s: SchemaStatements) => { sql: string; tail: unknown[] },
): Promise<CancelJobsResult> {
  const { params } = filterParams(filters, "filters");
  const result: CancelJobsResult = { count: 0, cancelRequested: [] };
  let after = "0";
  for (;;) {
    const [row] = await runAdminQuery<BulkRow>(ctx, executor, (s) => {
      const { sql, tail } = pick(s);
      return { sql, params: [...params, after, BULK_BATCH_SIZE, ...tail] };
    });
    if (!row) break;
    result.count += row.changed;
    if (row.running_ids) result.cancelRequested.push(...(JSON.parse(row.running_ids) as string[]));
    if (row.matched < BULK_BATCH_SIZE || row.last_id === null) break;
    after = row.last_id;
  }
  return result;
}
