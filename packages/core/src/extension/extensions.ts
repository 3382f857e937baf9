/** A client's middleware and hooks, resolved once from its config, its plugins and each worker. */
import type { Logger } from "../base/logger.js";
import type { InsertResult } from "../job/insert-result.js";
import { JobAbortReason } from "../job/job-abort-reason.js";
import type { JobRow } from "../job/job-row.js";
import type { WorkerContext } from "../job/worker-context.js";
import { callChain } from "./call-chain.js";
import { type AttemptOutcome, type Hooks, OUTCOME_EVENTS, type WorkOutcomeEvent } from "./hooks.js";
import type { InsertRowView, Middleware } from "./middleware.js";

/** Middleware and hooks of one scope (the client with its plugins, or one worker). */
export interface ExtensionSet {
  readonly middleware: readonly Middleware[];
  readonly hooks: readonly Hooks[];
}

const NONE: ExtensionSet = Object.freeze({ middleware: [], hooks: [] });

/**
 * Runs the seam at each point: `clientStart` as the client starts, insert middleware and
 * `insertBegin` around an insert's statement, `workBegin`, work middleware (the client's
 * outside the worker's) and `workEnd` around an attempt's handler, `workOutcome` once its
 * outcome committed, `periodicJobsStart` on gaining leadership. With nothing configured
 * every method goes straight to the step it wraps.
 */
export class Extensions {
  readonly #client: ExtensionSet;
  readonly #logger: Logger;
  readonly #insertMiddleware: readonly Middleware[];
  readonly #workers: ReadonlyMap<string, ExtensionSet>;
  /** Whether the client's own hooks have `workOutcome`; the kinds whose worker's hooks do. */
  readonly #clientWatchesOutcomes: boolean;
  readonly #kindsWatchingOutcomes: ReadonlySet<string>;

  /** `workers`: each worker's own set by kind, for the `workOutcome` hooks of its jobs. */
  constructor(client: ExtensionSet, logger: Logger, workers: ReadonlyMap<string, ExtensionSet> = new Map()) {
    this.#client = client;
    this.#logger = logger;
    this.#workers = workers;
    this.#insertMiddleware = client.middleware.filter((m) => m.insert);
    this.#clientWatchesOutcomes = client.hooks.some((h) => h.workOutcome);
    this.#kindsWatchingOutcomes = new Set([...workers].filter(([, set]) => set.hooks.some((h) => h.workOutcome)).map(([kind]) => kind));
  }

  /** True when an attempt of a worker with this set has hooks or middleware around its handler. */
  wrapsWork(worker: ExtensionSet | undefined): boolean {
    return this.#client.hooks.length > 0 || this.#client.middleware.length > 0 || (worker !== undefined && (worker.hooks.length > 0 || worker.middleware.length > 0));
  }

  /** True when `event` of a job of `kind` goes to a `workOutcome` hook (so its payload must be built). */
  observesOutcome(event: string, kind: string): boolean {
    return OUTCOME_EVENTS[event as keyof typeof OUTCOME_EVENTS] !== undefined && this.#watchesOutcomesOf(kind);
  }

  #watchesOutcomesOf(kind: string): boolean {
    return this.#clientWatchesOutcomes || this.#kindsWatchingOutcomes.has(kind);
  }

  /** True when an insert has middleware or hooks to run (so row views are worth building). */
  get observesInserts(): boolean {
    return this.#insertMiddleware.length > 0 || this.#client.hooks.some((h) => h.insertBegin);
  }

  /** Insert middleware around `insert`, then `insertBegin` right before it; both see `rows`. */
  insert(rows: InsertRowView[], insert: () => Promise<InsertResult[]>): Promise<InsertResult[]> {
    const layers = this.#insertMiddleware.map((m, i) => ({
      name: m.name ?? `#${i}`,
      call: (next: () => Promise<InsertResult[]>) => m.insert!(rows, next),
    }));
    return callChain(layers, async () => {
      for (const h of this.#client.hooks) await h.insertBegin?.(rows);
      return insert();
    });
  }

  /**
   * `workBegin`, then the client's and the worker's work middleware around `handler`, then
   * `workEnd` with how it went. Rejects as the handler (or a throwing `workBegin`) does.
   */
  async work(job: JobRow, ctx: WorkerContext, worker: ExtensionSet | undefined, handler: () => Promise<unknown>): Promise<unknown> {
    if (!this.wrapsWork(worker)) return handler();
    const own = worker ?? NONE;
    const hooks = own.hooks.length === 0 ? this.#client.hooks : [...this.#client.hooks, ...own.hooks];
    const middleware = own.middleware.length === 0 ? this.#client.middleware : [...this.#client.middleware, ...own.middleware];
    for (const h of hooks) await h.workBegin?.({ job, ctx });
    const layers = middleware
      .filter((m) => m.work)
      .map((m, i) => ({ name: m.name ?? `#${i}`, call: (next: () => Promise<unknown>) => m.work!(job, ctx, next) }));
    let error: unknown;
    let failed = false;
    try {
      return await callChain(layers, handler);
    } catch (err) {
      failed = true;
      error = err;
      throw err;
    } finally {
      const reason: unknown = ctx.signal.aborted ? ctx.signal.reason : undefined;
      const ended = { job, ...(failed ? { error } : {}), ...(reason instanceof JobAbortReason ? { abort: reason } : {}) };
      for (const h of hooks) {
        if (!h.workEnd) continue;
        try {
          await h.workEnd(ended);
        } catch (err) {
          this.#logger.warn({ err, jobId: job.id }, "workEnd hook threw; ignored");
        }
      }
    }
  }

  /** `clientStart` of every client-level hook, awaited in order; a throwing one is logged and ignored. */
  async clientStart(client: unknown): Promise<void> {
    for (const h of this.#client.hooks) {
      try {
        await h.clientStart?.({ client });
      } catch (err) {
        this.#logger.warn({ err }, "clientStart hook threw; ignored");
      }
    }
  }

  /**
   * Called with every client event once it was emitted: an attempt's outcome event (after its
   * commit) goes to the `workOutcome` hooks of the client and of the job's worker. Never
   * waits for them; a throwing or rejecting one is logged and ignored.
   */
  eventEmitted(name: string, payload: unknown): void {
    const outcome: AttemptOutcome | undefined = OUTCOME_EVENTS[name as keyof typeof OUTCOME_EVENTS];
    if (outcome === undefined) return;
    const { job, durationMs, error } = payload as Omit<WorkOutcomeEvent, "outcome">;
    if (!this.#watchesOutcomesOf(job.kind)) return;
    const worker = this.#workers.get(job.kind);
    const hooks = worker && worker.hooks.length > 0 ? [...this.#client.hooks, ...worker.hooks] : this.#client.hooks;
    const event: WorkOutcomeEvent = error === undefined ? { job, outcome, durationMs } : { job, outcome, durationMs, error };
    for (const h of hooks) {
      if (!h.workOutcome) continue;
      const warn = (err: unknown) => this.#logger.warn({ err, jobId: job.id }, "workOutcome hook threw; ignored");
      try {
        void Promise.resolve(h.workOutcome(event)).catch(warn);
      } catch (err) {
        warn(err);
      }
    }
  }

  /** `periodicJobsStart` of every hook; a throwing one is logged and ignored. */
  async periodicJobsStart(client: unknown): Promise<void> {
    for (const h of this.#client.hooks) {
      try {
        await h.periodicJobsStart?.({ client });
      } catch (err) {
        this.#logger.warn({ err }, "periodicJobsStart hook threw; ignored");
      }
    }
  }
}
