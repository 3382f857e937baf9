/** Writes job outcomes in batches, one guarded statement per batch. */
import type { Executor } from "../driver/driver.js";
import type { Logger } from "../base/logger.js";
import { integerArrayLiteral } from "../sql/array-literal.js";
import type { JobSql } from "../sql/job-sql.js";
import type { JobOutcome } from "./job-outcome.js";

export interface CompleterOptions {
  executor: () => Executor;
  sql: JobSql;
  logger: Logger;
  /** Flush when this many outcomes wait (default 500). */
  maxBatch?: number;
  /** Flush at most this long after the first outcome waits (default 5 ms). */
  maxDelayMs?: number;
}

const RETRY_DELAYS_MS = [50, 200, 1000, 2000, 5000];

/**
 * Writes job outcomes in batches, one statement per batch, each update guarded by
 * `state = 'running'`. Outcomes of jobs whose process dies before a flush are not lost:
 * those rows stay `running` and the leader's rescuer makes them runnable again.
 */
export class Completer {
  readonly #opts: Required<CompleterOptions>;
  #pending: JobOutcome[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #inFlight = 0;

  constructor(opts: CompleterOptions) {
    this.#opts = { maxBatch: 500, maxDelayMs: 5, ...opts };
  }

  /** Outcomes not yet written (waiting or being written). */
  get backlog(): number {
    return this.#pending.length + this.#inFlight;
  }

  add(outcome: JobOutcome): void {
    this.#pending.push(outcome);
    if (this.#pending.length >= this.#opts.maxBatch) {
      void this.flush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#opts.maxDelayMs);
    }
  }

  /** Writes everything waiting; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length > 0) {
      this.#inFlight += batch.length;
      this.#flushing = this.#flushing.then(() =>
        this.#write(batch).finally(() => {
          this.#inFlight -= batch.length;
        }),
      );
    }
    return this.#flushing;
  }

  async #write(batch: JobOutcome[]): Promise<void> {
    const completedIds: string[] = [];
    const others: object[] = [];
    for (const o of batch) {
      if (o.state === "completed") completedIds.push(o.id);
      else
        others.push({
          id: o.id,
          state: o.state,
          scheduled_at: o.scheduledAt?.toISOString() ?? null,
          error: o.error ? { ...o.error, at: o.error.at.toISOString() } : null,
          snooze: o.snooze ?? false,
        });
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const ex = this.#opts.executor();
        if (completedIds.length > 0) await ex.query(this.#opts.sql.completeMany, [integerArrayLiteral(completedIds)]);
        if (others.length > 0) await ex.query(this.#opts.sql.finishMany, [JSON.stringify(others)]);
        return;
      } catch (err) {
        // Re-writing is safe: each update only applies while the row is still running.
        if (attempt >= RETRY_DELAYS_MS.length) {
          this.#opts.logger.error({ err, jobs: batch.length }, "could not record job outcomes; the rescuer will retry these jobs");
          return;
        }
        this.#opts.logger.warn({ err, attempt }, "recording job outcomes failed; retrying");
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
      }
    }
  }
}
