/** Hooks: code that observes inserts and attempts without wrapping them (River's hooks). */
import type { JobRow } from "../job/job-row.js";
import type { WorkerContext } from "../job/worker-context.js";
import type { InsertRowView } from "./middleware.js";

/**
 * Observers at fixed points; each may be async. A throwing `insertBegin` fails the insert
 * with nothing written; a throwing `workBegin` fails the attempt (like a throwing handler);
 * a throwing `workEnd` or `periodicJobsStart` is logged and ignored.
 *
 * @example
 * const audit: Hooks = {
 *   insertBegin: (rows) => {
 *     for (const row of rows) if (row.queue === "payments" && !row.metadata.tenant) throw new Error("tenant required");
 *   },
 *   workBegin: ({ job }) => log.info({ id: job.id }, "start"),
 *   workEnd: ({ job, error }) => log.info({ id: job.id, failed: error !== undefined }, "end"),
 *   periodicJobsStart: () => log.info("this client now enqueues the periodic jobs"),
 * };
 */
export interface Hooks {
  /** Before an insert's statement, after insert middleware changed the rows. */
  insertBegin?(rows: readonly InsertRowView[]): void | Promise<void>;
  /** Before an attempt's middleware and handler run. */
  workBegin?(event: { job: JobRow; ctx: WorkerContext }): void | Promise<void>;
  /** After the handler settled (before its outcome is written); `error` when it threw. */
  workEnd?(event: { job: JobRow; error?: unknown }): void | Promise<void>;
  /** When this client becomes leader and starts enqueuing periodic jobs. */
  periodicJobsStart?(event: { client: unknown }): void | Promise<void>;
}
