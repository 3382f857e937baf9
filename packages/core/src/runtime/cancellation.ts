/** Cancelling jobs in this process: running ones by their signal, held ones before they start. */
import type { ClientEvents } from "./client-events.js";
import type { Executor } from "../driver/driver.js";
import { attemptOf } from "../job/attempt-token.js";
import { integerArrayLiteral } from "../sql/array-literal.js";
import type { JobSql } from "../sql/job-sql.js";
import type { Completer } from "./completer.js";
import { JobAbortReason } from "./job-runner.js";
import type { Producer } from "./producer.js";
import type { RunningJobs } from "./running-jobs.js";

/** Options of {@link Cancellation}. */
export interface CancellationOptions {
  running: RunningJobs;
  producers: readonly Producer[];
  completer: Completer;
  jobs: JobSql;
  poolExecutor: () => Executor;
  emit<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void;
}

/**
 * The local half of `cancelJob`: the database half sets `cancel_attempted_at` and notifies
 * `river_control`; this aborts the job's signal where it runs, or records a job held ahead of
 * a free slot as cancelled without running it. Without a listener, `poll()` finds the
 * requests by reading the running jobs' rows.
 */
export class Cancellation {
  readonly #o: CancellationOptions;

  constructor(options: CancellationOptions) {
    this.#o = options;
  }

  /** Cancels job `id` if this process runs or holds it; otherwise does nothing. */
  cancelLocally(id: string): void {
    if (this.#o.running.abort(id, new JobAbortReason("cancel", "job cancelled"))) return;
    for (const producer of this.#o.producers) {
      const job = producer.takeHeld(id);
      if (!job) continue;
      const token = attemptOf(job);
      if (!token) return;
      const error = { at: new Date(), attempt: job.attempt, error: "job cancelled before it started", trace: "" };
      void this.#o.completer.add({ id, token, state: "cancelled", error }).then((written) => {
        if (typeof written !== "object") return;
        const persisted = { ...job, ...written, errors: [...job.errors, error] };
        this.#o.emit("job:cancelled", { job: persisted, durationMs: 0, error: new JobAbortReason("cancel", error.error) });
      });
      return;
    }
  }

  /** Reads which running or held jobs had a cancel requested, and cancels them here. */
  async poll(): Promise<void> {
    const ids = [...this.#o.running.ids(), ...this.#o.producers.flatMap((p) => p.heldIds())];
    if (ids.length === 0) return;
    const rows = await this.#o.poolExecutor().query<{ id: string }>(this.#o.jobs.cancelRequested, [integerArrayLiteral(ids)]);
    for (const r of rows) this.cancelLocally(r.id);
  }
}
