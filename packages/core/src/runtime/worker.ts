/** What a worker is: the function that works a job, its context, and its per-kind settings. */
import type { JobRow } from "../job/job-row.js";
import type { RetryPolicy } from "./retry-policy.js";

/** What a worker gets besides the job. */
export interface WorkerContext<TClient = unknown> {
  /**
   * Aborted when the job times out, when someone cancels it (`client.cancelJob(id)` from any
   * process), or on a hard stop. Pass it to fetch, database calls, child processes…
   */
  signal: AbortSignal;
  /** The client running the job, e.g. to insert follow-up jobs. */
  client: TClient;
}

/**
 * Works one job. Resolve to complete it; throw to fail the attempt (it is retried until
 * `maxAttempts`); return or throw `snooze(ms)`, `cancel(reason)` or `discard(reason)` to steer it.
 */
export type WorkerFn<TArgs = any, TClient = unknown> = (job: JobRow<TArgs>, ctx: WorkerContext<TClient>) => Promise<unknown>;

/** A worker with per-kind settings. */
export interface WorkerDefinition<TArgs = any, TClient = unknown> {
  work: WorkerFn<TArgs, TClient>;
  /** Milliseconds before `ctx.signal` aborts and the attempt fails; overrides the client's `jobTimeout`. `0` = none. */
  jobTimeout?: number;
  /** When a failed job of this kind runs next; overrides the client's `retryPolicy`. */
  retryPolicy?: RetryPolicy;
}

export type Workers<TClient = unknown> = Record<string, WorkerFn<any, TClient> | WorkerDefinition<any, TClient>>;
