/** The one start/stop lifecycle every long-running service of a client shares (River's BaseStartStop). */
import type { Logger } from "./logger.js";

/**
 * A service that runs one loop between `start()` and `stop()`. `start()` is idempotent and
 * may follow a `stop()` that was not awaited (leadership lost and won again at once): each
 * start gets its own AbortSignal, and `stop()` aborts the current one and resolves when every
 * loop this service ever started has returned. A loop that throws is logged, never rethrown.
 */
export abstract class StartStopService {
  /** A short name for logs, e.g. `"producer(default)"`. */
  abstract readonly name: string;
  protected abstract readonly logger: Logger;
  #current: AbortController | undefined;
  readonly #runs = new Set<Promise<void>>();

  /** True between `start()` and `stop()`. */
  get started(): boolean {
    return this.#current !== undefined;
  }

  /** Starts the loop; false when it was already started. */
  start(): boolean {
    if (this.#current) return false;
    const controller = new AbortController();
    this.#current = controller;
    const run: Promise<void> = this.run(controller.signal)
      .catch((err: unknown) => this.logger.error({ err, service: this.name }, "service loop failed"))
      .finally(() => this.#runs.delete(run));
    this.#runs.add(run);
    return true;
  }

  /** Aborts the loop's signal and resolves when every loop has returned. */
  async stop(): Promise<void> {
    this.#current?.abort();
    this.#current = undefined;
    await Promise.all([...this.#runs]);
  }

  /** The service's loop: return soon after `signal` aborts. */
  protected abstract run(signal: AbortSignal): Promise<void>;
}
