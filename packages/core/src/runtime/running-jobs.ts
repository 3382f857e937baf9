/** The jobs this process is working right now, each with the controller that aborts its signal. */
import type { JobAbortReason } from "./job-runner.js";

interface Entry {
  controller: AbortController;
  /** stop() gave up waiting for it: its outcome is never written (the rescuer has the row). */
  abandoned: boolean;
}

/** Running jobs by id; aborting one aborts its worker's `ctx.signal` with a JobAbortReason. */
export class RunningJobs {
  readonly #entries = new Map<string, Entry>();
  readonly #emptyWaiters = new Set<() => void>();

  get size(): number {
    return this.#entries.size;
  }

  ids(): string[] {
    return [...this.#entries.keys()];
  }

  /** Registers a job as running and returns its controller. */
  add(id: string): AbortController {
    const controller = new AbortController();
    this.#entries.set(id, { controller, abandoned: false });
    return controller;
  }

  /** The job's handler settled: it no longer runs here. */
  delete(id: string): void {
    this.#entries.delete(id);
    if (this.#entries.size === 0) {
      for (const w of this.#emptyWaiters) w();
      this.#emptyWaiters.clear();
    }
  }

  /** Aborts one running job; false when it does not run here. */
  abort(id: string, reason: JobAbortReason): boolean {
    const entry = this.#entries.get(id);
    entry?.controller.abort(reason);
    return entry !== undefined;
  }

  /** Aborts every running job (a hard stop, or a stop past its deadline). */
  abortAll(reason: JobAbortReason): void {
    for (const entry of this.#entries.values()) entry.controller.abort(reason);
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
