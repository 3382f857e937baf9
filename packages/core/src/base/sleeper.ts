/** A sleep that a service's loop can cut short: by a wake-up call or by its stop signal. */

/** How a {@link Sleeper.sleep} ended. */
export type SleepEnd = "elapsed" | "woken" | "stopped";

/**
 * One loop's sleep. `wake()` ends the current sleep, or the next one at once when nobody
 * sleeps (so a wake-up that arrives mid-pass is never lost).
 */
export class Sleeper {
  readonly #keepProcessAlive: boolean;
  #wake: ((end: SleepEnd) => void) | undefined;
  #pendingWake = false;

  /**
   * @param keepProcessAlive whether a sleeping loop keeps Node running: true for the fetch
   *   loops of a started worker, false for background upkeep.
   */
  constructor(keepProcessAlive: boolean) {
    this.#keepProcessAlive = keepProcessAlive;
  }

  /** Sleeps `ms` milliseconds unless woken or `signal` aborts first. */
  sleep(ms: number, signal: AbortSignal, extraWake?: Promise<unknown>): Promise<SleepEnd> {
    if (signal.aborted) return Promise.resolve("stopped");
    if (this.#pendingWake) {
      this.#pendingWake = false;
      return Promise.resolve("woken");
    }
    return new Promise((resolve) => {
      const done = (end: SleepEnd) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        if (this.#wake === done) this.#wake = undefined;
        resolve(end);
      };
      const onAbort = () => done("stopped");
      const timer = setTimeout(() => done("elapsed"), ms);
      if (!this.#keepProcessAlive) timer.unref();
      signal.addEventListener("abort", onAbort, { once: true });
      this.#wake = done;
      void extraWake?.then(() => done("woken"));
    });
  }

  /** Ends the current sleep (or makes the next one return at once). */
  wake(): void {
    if (this.#wake) this.#wake("woken");
    else this.#pendingWake = true;
  }

  /** Forgets a wake-up that nobody has slept through yet. */
  clear(): void {
    this.#pendingWake = false;
  }
}
