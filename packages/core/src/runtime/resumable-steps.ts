/** River's resumable steps: skip what an earlier attempt finished, resume the last step from its cursor. */

/** River's keys (exact), and Tributary's addition holding what each finished step returned. */
const STEP_KEY = "river:resumable_step";
const CURSOR_KEY = "river:resumable_cursor";
/** Not River's: River does not keep step results; Tributary keeps them so a skipped step returns its value. */
export const STEP_RESULTS_KEY = "tributary:resumable_results";

/** True when an earlier attempt stored a step to resume from: only then can this attempt fail for not reaching it. */
export function hasStoredStep(metadata: Record<string, unknown>): boolean {
  const stored = metadata[STEP_KEY];
  return typeof stored === "string" && stored !== "";
}

/**
 * The steps of one attempt. With `river:resumable_step` = S stored by a failed attempt: steps
 * before S are skipped, and S too unless `river:resumable_cursor` holds a cursor for it (then
 * it runs again with that cursor); skipped steps return what they returned then. If the code
 * never reaches S, the attempt fails with River's error.
 */
export class ResumableSteps {
  readonly #stored: string | undefined;
  readonly #cursors: Record<string, unknown>;
  readonly #results: Record<string, unknown>;
  #reached: boolean;
  #lastFinished: string | undefined;
  #current: string | undefined;

  constructor(metadata: Record<string, unknown>) {
    this.#stored = hasStoredStep(metadata) ? (metadata[STEP_KEY] as string) : undefined;
    const cursors = metadata[CURSOR_KEY];
    this.#cursors = typeof cursors === "object" && cursors !== null && !Array.isArray(cursors) ? { ...(cursors as Record<string, unknown>) } : {};
    const results = metadata[STEP_RESULTS_KEY];
    this.#results = typeof results === "object" && results !== null && !Array.isArray(results) ? { ...(results as Record<string, unknown>) } : {};
    this.#reached = this.#stored === undefined;
    this.#lastFinished = this.#stored;
  }

  async run<T>(name: string, fn: (cursor: unknown) => Promise<T>, options?: { cursor?: unknown }): Promise<T> {
    if (typeof name !== "string" || name === "") throw new TypeError("ctx.step: a step needs a non-empty name");
    if (!this.#reached) {
      const isStored = name === this.#stored;
      if (isStored) this.#reached = true;
      const resumeWithCursor = isStored && this.#cursors[name] !== undefined && this.#cursors[name] !== null;
      if (!resumeWithCursor) return this.#results[name] as T;
    }
    this.#current = name;
    const cursor = this.#cursors[name] ?? options?.cursor;
    const value = await fn(cursor);
    this.#current = undefined;
    this.#results[name] = value ?? null;
    delete this.#cursors[name];
    this.#lastFinished = name;
    return value;
  }

  setCursor(value: unknown): void {
    if (this.#current === undefined) throw new TypeError("ctx.setCursor: no step is running");
    this.#cursors[this.#current] = value;
  }

  unreachedError(): Error | undefined {
    return this.#reached ? undefined : new Error(`river: resumable step "${this.#stored}" not found in Worker`);
  }

  /** What a failed attempt stages: the last finished step, the cursors, the results. */
  staged(failed: boolean): Record<string, unknown> {
    if (!failed || (this.#lastFinished === undefined && Object.keys(this.#cursors).length === 0)) return {};
    const staged: Record<string, unknown> = { [STEP_RESULTS_KEY]: this.#results };
    if (this.#lastFinished !== undefined) staged[STEP_KEY] = this.#lastFinished;
    staged[CURSOR_KEY] = Object.keys(this.#cursors).length > 0 ? this.#cursors : null;
    return staged;
  }
}
