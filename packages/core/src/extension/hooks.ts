/** Hooks: code that observes inserts and attempts without wrapping them (River's hooks). */
import type { JobAbortReason } from "../job/job-abort-reason.js";
import type { JobRow } from "../job/job-row.js";
import type { WorkerContext } from "../job/worker-context.js";
import type { InsertRowView } from "./middleware.js";

/**
 * How an attempt ended, as committed: `job:<outcome>` is the client event of the same moment.
 * `stale`: nothing was written, the row was no longer this attempt's run.
 */
export type AttemptOutcome = "completed" | "failed" | "discarded" | "cancelled" | "snoozed" | "interrupted" | "stale";

/** The outcome event names, each with the outcome it reports (`job:completed` → `completed`, …). */
export const OUTCOME_EVENTS: Readonly<Record<`job:${AttemptOutcome}`, AttemptOutcome>> = Object.freeze({
  "job:completed": "completed",
  "job:failed": "failed",
  "job:discarded": "discarded",
  "job:cancelled": "cancelled",
  "job:snoozed": "snoozed",
  "job:interrupted": "interrupted",
  "job:stale": "stale",
});

/** What `workOutcome` hooks get: the attempt's committed outcome. */
export interface WorkOutcomeEvent {
  /** The job as persisted by this outcome (its new state, attempt, `errors`, `scheduledAt`, `finalizedAt`). */
  job: JobRow;
  outcome: AttemptOutcome;
  /** Wall time of the attempt in milliseconds (0 for a job cancelled before its handler ran). */
  durationMs: number;
  /** The error the attempt ended with (failed, discarded, cancelled). */
  error?: unknown;
}

/**
 * Observers at fixed points; each may be async. A throwing `insertBegin` fails the insert
 * with nothing written; a throwing `workBegin` fails the attempt (like a throwing handler);
 * a throwing `clientStart`, `workEnd`, `workOutcome` or `periodicJobsStart` is logged and
 * ignored. `TClient` is the type of the client handed to them (core passes the `Client` the
 * hooks are installed on; as for `ctx.client`, name its type to use it typed: `Hooks<Client>`).
 *
 * @example
 * const audit: Hooks<Client> = {
 *   clientStart: ({ client }) => client.on("leader:changed", ({ isLeader }) => log.info({ isLeader }, "leadership")),
 *   insertBegin: (rows) => {
 *     for (const row of rows) if (row.queue === "payments" && !row.metadata.tenant) throw new Error("tenant required");
 *   },
 *   workBegin: ({ job }) => log.info({ id: job.id }, "start"),
 *   workEnd: ({ job, error, abort }) => log.info({ id: job.id, failed: error !== undefined, aborted: abort?.trigger }, "end"),
 *   workOutcome: ({ job, outcome }) => log.info({ id: job.id, outcome, state: job.state }, "committed"),
 *   periodicJobsStart: () => log.info("this client now enqueues the periodic jobs"),
 * };
 */
export interface Hooks<TClient = unknown> {
  /**
   * When `client.start()` begins, before any job is fetched or leadership sought (once per
   * start; `start()` awaits it, so keep it short): where a plugin subscribes to `client.on`.
   */
  clientStart?(event: { client: TClient }): void | Promise<void>;
  /** Before an insert's statement, after insert middleware changed the rows. */
  insertBegin?(rows: readonly InsertRowView[]): void | Promise<void>;
  /** Before an attempt's middleware and handler run. */
  workBegin?(event: { job: JobRow; ctx: WorkerContext<TClient> }): void | Promise<void>;
  /**
   * After the handler settled (before its outcome is written); `error` when it threw,
   * `abort` when its signal was aborted meanwhile (`trigger`: timeout, cancel or stop).
   */
  workEnd?(event: { job: JobRow; error?: unknown; abort?: JobAbortReason }): void | Promise<void>;
  /** After the attempt's outcome is committed (not called when it could not be written). */
  workOutcome?(event: WorkOutcomeEvent): void | Promise<void>;
  /** When this client becomes leader and starts enqueuing periodic jobs. */
  periodicJobsStart?(event: { client: TClient }): void | Promise<void>;
}
