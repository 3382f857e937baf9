/** The jobs this process is working right now, each with the controller that aborts its signal. */
import type { JobAbortReason } from "./job-runner.js";

/** Running jobs by id; aborting one aborts its worker's `ctx.signal` with a JobAbortReason. */
export class RunningJobs {
  readonly #controllers = new Map<string, AbortController>();

  get size(): number {
    return this.#controllers.size;
  }

  ids(): string[] {
    return [...this.#controllers.keys()];
  }

  /** Registers a job as running and returns its controller. */
  add(id: string): AbortController {
    const controller = new AbortController();
    this.#controllers.set(id, controller);
    return controller;
  }

  delete(id: string): void {
    this.#controllers.delete(id);
  }

  /** Aborts one running job; false when it does not run here. */
  abort(id: string, reason: JobAbortReason): boolean {
    const controller = this.#controllers.get(id);
    controller?.abort(reason);
    return controller !== undefined;
  }

  /** Aborts every running job (a hard stop, or a stop past its deadline). */
  abortAll(reason: JobAbortReason): void {
    for (const controller of this.#controllers.values()) controller.abort(reason);
  }
}
