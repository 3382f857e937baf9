/** Decides which queues an insert notifies now, and which get one trailing notification after the window. */
/**
 * Decides which queues an insert should NOTIFY for. A transaction that issued NOTIFY holds
 * a database-wide lock through its commit, so notifying on every insert serialises
 * concurrent inserters. Like River, notify a queue at most once per short window; unlike
 * a plain throttle, queues whose notification was skipped get one trailing notification
 * when the window closes, so a suppressed insert still wakes workers promptly.
 */
export class InsertNotifyLimiter {
  readonly #windowMs: number;
  readonly #lastSent = new Map<string, number>();
  readonly #trailing = new Set<string>();
  readonly #sendTrailing: (queues: string[]) => void;
  #timer: NodeJS.Timeout | undefined;

  constructor(windowMs: number, sendTrailing: (queues: string[]) => void) {
    this.#windowMs = windowMs;
    this.#sendTrailing = sendTrailing;
  }

  /** The subset of `queues` to notify now; records them as sent. */
  take(queues: Iterable<string>): string[] {
    const now = performance.now();
    const send: string[] = [];
    for (const queue of queues) {
      const last = this.#lastSent.get(queue);
      if (last === undefined || now - last >= this.#windowMs) {
        this.#lastSent.set(queue, now);
        this.#trailing.delete(queue);
        send.push(queue);
      } else {
        this.#trailing.add(queue);
        this.#timer ??= setTimeout(() => this.#flushTrailing(), this.#windowMs).unref();
      }
    }
    return send;
  }

  #flushTrailing(): void {
    this.#timer = undefined;
    if (this.#trailing.size === 0) return;
    const queues = [...this.#trailing];
    this.#trailing.clear();
    const now = performance.now();
    for (const q of queues) this.#lastSent.set(q, now);
    this.#sendTrailing(queues);
  }

  /** Sends the pending trailing notifications now instead of when the window closes. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#flushTrailing();
  }
}
