/** A count of free job slots shared by producers (the process-wide `maxConcurrentJobs`). */
export class ConcurrencyLimit {
  #free: number;
  readonly #waiters = new Set<() => void>();

  constructor(max: number) {
    this.#free = max;
  }

  get free(): number {
    return this.#free;
  }

  take(n: number): void {
    this.#free -= n;
  }

  release(): void {
    this.#free += 1;
    for (const w of this.#waiters) w();
    this.#waiters.clear();
  }

  /** Resolves on the next release. */
  onRelease(): Promise<void> {
    return new Promise((resolve) => this.#waiters.add(resolve));
  }
}
