/** The jobs this process is working right now, each with why (and whether) it was aborted and the signal its handler sees. */
import type { JobAbortReason } from "./job-runner.js";

/**
 * One running job. Its AbortController is made only when something reads `signal` (a worker
 * touching `ctx.signal`, a work hook): most handlers never do, and at tens of thousands of
 * jobs a second a controller and signal per attempt are garbage the young generation pays
 * for. An abort before that is remembered and the signal is born aborted with its reason.
 */
export class RunningJob {
  /** stop() gave up waiting for it: its outcome is never written (the rescuer has the row). */
  abandoned = false;
  #reason: JobAbortReason | undefined;
  #controller: AbortController | undefined;

  /** Why the job was aborted (the first reason wins, as with AbortController), or undefined. */
  get abortReason(): JobAbortReason | undefined {
    return this.#reason;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason: JobAbortReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/** Running jobs by id; aborting one aborts its worker's `ctx.signal` with a JobAbortReason. */
export class RunningJobs {
  readonly #entries = new Map<string, RunningJob>();
  readonly #emptyWaiters = new Set<() => void>();

  get size(): number {
    return this.#entries.size;
  }

  ids(): string[] {
    return [...this.#entries.keys()];
  }

  /** Registers a job as running. */
  add(id: string): RunningJob {
    const entry = new RunningJob();
    this.#entries.set(id, entry);
    return entry;
  }

  /** The job's handler settled: it no longer runs here. */
  delete(id: string): void {
    this.#entries.delete(id);
    if (this.#entries.size === 0 && this.#emptyWaiters.size > 0) {
      for (const w of this.#emptyWaiters) w();
      this.#emptyWaiters.clear();
    }
  }

  /** Aborts one running job; false when it does not run here. */
  abort(id: string, reason: JobAbortReason): boolean {
    const entry = this.#entries.get(id);
    entry?.abort(reason);
    return entry !== undefined;
  }

  /** Aborts every running job (a hard stop, or a stop past its deadline). */
  abortAll(reason: JobAbortReason): void {
    for (const entry of this.#entries.values()) entry.abort(reason);
  }

  /** Marks every job still running as abandoned by a stop that cannot wait any longer. */
  abandonAll(): number {
    for (const entry of this.#entries.values()) entry.abandoned = true;
    return this.#entries.size;
  }

  isAbandoned(id: string): boolean {
    return this.#entries.get(id)?.abandoned ?? false;
  }

  /** Resolves when no job runs, or after `ms` milliseconds; true when none runs. */
  async settledWithin(ms: number): Promise<boolean> {
    if (this.#entries.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const empty = new Promise<true>((resolve) => this.#emptyWaiters.add(() => resolve(true)));
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    });
    const result = await Promise.race([empty, late]);
    clearTimeout(timer);
    return result;
  }
}
