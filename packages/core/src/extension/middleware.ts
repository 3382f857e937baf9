/** Middleware: code that wraps every insert and every attempt, River's insert and work middleware. */
import type { InsertResult } from "../job/insert-result.js";
import type { JobRow, JobState } from "../job/job-row.js";
import type { WorkerContext } from "../job/worker-context.js";

/**
 * One job of an insert as middleware sees it. Everything is read-only except `metadata`:
 * the unique key is already computed from the rest, so only metadata may change (replace
 * it or change its members; it is validated again before the insert).
 */
export interface InsertRowView {
  readonly kind: string;
  /** The args as they will be stored (parsed from the JSON text). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly queue: string;
  readonly priority: number;
  readonly maxAttempts: number;
  /** Null: now. */
  readonly scheduledAt: Date | null;
  readonly tags: readonly string[];
  /** The job's metadata: the one field middleware may change. */
  metadata: Record<string, unknown>;
  /** River's unique key (hex), or null for a job that is not unique. */
  readonly uniqueKey: string | null;
  /** The state the job is inserted in. */
  readonly state: Extract<JobState, "available" | "scheduled" | "pending">;
}

/**
 * Wraps inserts and attempts. `insert` runs around every insert path (`insert`, `insertTx`,
 * `insertMany*`, the periodic enqueuer); `work` runs around every attempt's handler. Call
 * `next()` once to go on; not calling it short-circuits (for `work`, what it returns is
 * the handler's result: return `snooze(…)` to snooze); calling it twice throws. The order is
 * the configured order, outermost first: the client's `middleware`, then each plugin's, then
 * the worker's own. `TClient` types `ctx.client` (see `WorkerContext`).
 *
 * @example
 * const timing: Middleware = {
 *   name: "timing",
 *   async work(job, ctx, next) {
 *     const started = performance.now();
 *     try {
 *       return await next();
 *     } finally {
 *       metrics.record(job.kind, performance.now() - started);
 *     }
 *   },
 *   async insert(rows, next) {
 *     for (const row of rows) row.metadata.requestId = currentRequestId();
 *     return next();
 *   },
 * };
 */
export interface Middleware<TClient = unknown> {
  /** Shown in errors and logs. */
  name?: string;
  insert?(rows: InsertRowView[], next: () => Promise<InsertResult[]>): Promise<InsertResult[]>;
  work?(job: JobRow, ctx: WorkerContext<TClient>, next: () => Promise<unknown>): Promise<unknown>;
}
