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

  /** One running job finished. */
  release(): void {
    this.give(1);
  }

  /** Returns `n` slots (reserved for a fetch that came back short, or finished jobs). */
  give(n: number): void {
    this.#free += n;
    // Called for every finished job: an empty Set is neither iterated nor cleared (clear() allocates a new table).
    if (this.#waiters.size === 0) return;
    for (const w of this.#waiters) w();
    this.#waiters.clear();
  }

  /** Resolves on the next release. */
  onRelease(): Promise<void> {
    return new Promise((resolve) => this.#waiters.add(resolve));
  }
}
