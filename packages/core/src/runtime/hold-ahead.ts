/** How many fetched jobs a queue holds ahead of its free slots: a fixed number, or sized by the recent start rate. */

/** Automatic holding aims to hold what the workers start within this long at the current rate. */
export const HOLD_WINDOW_MS = 50;
/** An automatically held job not started within this long is given back to the queue. */
export const HOLD_MAX_MS = 1_000;
/** The most jobs automatic holding keeps fetched ahead. */
export const HOLD_CAP = 500;
/** The start rate's time constant: what happened more than a few of these ago no longer counts. */
const RATE_TAU_MS = 100;

/**
 * The hold-ahead target of one queue. Fixed (`fetchAhead: n`): always `n`. Automatic: the
 * jobs this queue's workers start in {@link HOLD_WINDOW_MS} at the rate they started jobs
 * lately (an exponentially decaying count), capped at {@link HOLD_CAP}. Slow jobs start a
 * few a second, which makes the target 0: the queue fetches only for free slots, as without
 * holding. Many short jobs make it large, so each fetch is a batch that keeps the slots busy
 * while the next one is on its way, and every held job is expected to start within the window.
 */
export class HoldAhead {
  readonly #fixed: number | null;
  /** Jobs started per millisecond, decayed to `#at`. */
  #rate = 0;
  #at = performance.now();

  constructor(fetchAhead: number | "auto") {
    this.#fixed = fetchAhead === "auto" ? null : fetchAhead;
  }

  /** True when held jobs are sized (and expire) automatically. */
  get automatic(): boolean {
    return this.#fixed === null;
  }

  /** Counts `n` job starts now. */
  started(n: number): void {
    if (this.#fixed !== null || n <= 0) return;
    this.#decay();
    this.#rate += n / RATE_TAU_MS;
  }

  /** How many jobs to keep held right now. */
  target(): number {
    if (this.#fixed !== null) return this.#fixed;
    this.#decay();
    return Math.min(HOLD_CAP, Math.floor(this.#rate * HOLD_WINDOW_MS));
  }

  #decay(): void {
    const now = performance.now();
    this.#rate *= Math.exp(-(now - this.#at) / RATE_TAU_MS);
    this.#at = now;
  }
}
