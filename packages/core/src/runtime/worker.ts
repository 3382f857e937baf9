/** What a worker is: the function that works a job, its context, and its per-kind settings. */
import type { Hooks } from "../extension/hooks.js";
import type { Middleware } from "../extension/middleware.js";
import type { JobDefinition } from "../job/job-definition.js";
import type { JobRow } from "../job/job-row.js";
import type { WorkerContext } from "../job/worker-context.js";
import type { RetryPolicy } from "./retry-policy.js";

export type { WorkerContext };

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
  /** Work middleware for this kind only, inside the client's (see {@link Middleware}); `insert` is ignored here. */
  middleware?: readonly Middleware[];
  /** Work hooks for this kind only, after the client's. */
  hooks?: Hooks | readonly Hooks[];
  /**
   * The job this worker works (set by `defineWorker`): its schema validates each job's stored
   * args before work, and the handler gets the schema's output.
   */
  job?: JobDefinition<object, unknown>;
  /**
   * A job whose stored args fail the schema is discarded at once instead of failing its
   * attempt (retried by policy). Overrides the client's `discardOnInvalidArgs`.
   */
  discardOnInvalidArgs?: boolean;
}

/** A worker bound to its job definition (what `defineWorker` returns): `workers: [sendEmailWorker]`. */
export interface JobWorker<TKind extends string = string, TOutput = any, TClient = any> extends WorkerDefinition<TOutput, TClient> {
  readonly job: JobDefinition<any, TOutput, TKind>;
}

/** Per-kind settings of `defineWorker`: `{ jobTimeout?, retryPolicy?, middleware?, hooks?, discardOnInvalidArgs? }`. */
export type WorkerOptions = Omit<WorkerDefinition, "work" | "job">;

/** The record form of `workers`: a worker (or worker definition) per kind. */
export type Workers<TClient = unknown> = Record<string, WorkerFn<any, TClient> | WorkerDefinition<any, TClient>>;
