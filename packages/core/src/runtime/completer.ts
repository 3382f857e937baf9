/** Writes job outcomes in batches, one guarded statement per batch, and tells each caller what was persisted. */
import type { Executor } from "../driver/driver.js";
import type { JobState } from "../job/job-row.js";
import type { Logger } from "../base/logger.js";
import { integerArrayLiteral, textArrayLiteral } from "../sql/array-literal.js";
import type { JobOutcomeSql } from "../sql/job-outcome-sql.js";
import type { JobOutcome, OutcomeWrite, PersistedOutcome } from "./job-outcome.js";

export interface CompleterOptions {
  executor: () => Executor;
  sql: JobOutcomeSql;
  logger: Logger;
  /** Flush when this many outcomes wait (default 500). */
  maxBatch?: number;
  /** Flush at most this long after the first outcome waits (default 5 ms). */
  maxDelayMs?: number;
}

const RETRY_DELAYS_MS = [50, 200, 1000, 2000, 5000];

interface Pending {
  outcome: JobOutcome;
  resolve(result: OutcomeWrite): void;
}

/**
 * Writes job outcomes in batches, one statement per batch, each update guarded by the
 * fetch that produced it (see JobOutcomeSql). `add` resolves once the outcome's batch is
 * committed, with what the row now holds, so events report persisted state. Outcomes of
 * jobs whose process dies before a flush are not lost: those rows stay `running` and the
 * leader's rescuer makes them runnable again.
 */
export class Completer {
  readonly #opts: Required<CompleterOptions>;
  #pending: Pending[] = [];
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

  /** Queues an outcome; resolves when its batch is written (never rejects). */
  add(outcome: JobOutcome): Promise<OutcomeWrite> {
    return new Promise((resolve) => {
      this.#pending.push({ outcome, resolve });
      if (this.#pending.length >= this.#opts.maxBatch) {
        void this.flush();
      } else if (!this.#timer) {
        this.#timer = setTimeout(() => void this.flush(), this.#opts.maxDelayMs);
      }
    });
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

  async #write(batch: Pending[]): Promise<void> {
    const completed = batch.filter((p) => p.outcome.state === "completed").map((p) => p.outcome);
    const others = batch.filter((p) => p.outcome.state !== "completed").map((p) => outcomeRow(p.outcome));
    for (let attempt = 0; ; attempt++) {
      try {
        const ex = this.#opts.executor();
        const written = new Map<string, PersistedOutcome>();
        if (completed.length > 0) {
          const rows = await ex.query<{ r: string }>(this.#opts.sql.completeMany, [
            integerArrayLiteral(completed.map((o) => o.id)),
            integerArrayLiteral(completed.map((o) => o.token.attempt)),
            textArrayLiteral(completed.map((o) => o.token.attemptedAt)),
          ]);
          for (const row of rows) readPersisted(row.r, written);
        }
        if (others.length > 0) {
          const rows = await ex.query<{ r: string }>(this.#opts.sql.finishMany, [JSON.stringify(others)]);
          for (const row of rows) readPersisted(row.r, written);
        }
        for (const p of batch) p.resolve(written.get(p.outcome.id) ?? "stale");
        return;
      } catch (err) {
        // Re-writing is safe: each update only applies while the row is still that attempt's run.
        if (attempt >= RETRY_DELAYS_MS.length) {
          this.#opts.logger.error({ err, jobs: batch.length }, "could not record job outcomes; the rescuer will retry these jobs");
          for (const p of batch) p.resolve("failed");
          return;
        }
        this.#opts.logger.warn({ err, attempt }, "recording job outcomes failed; retrying");
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
      }
    }
  }
}

function outcomeRow(o: JobOutcome): object {
  const rest = o.state === "completed" ? undefined : o;
  return {
    id: o.id,
    attempt: o.token.attempt,
    attempted_at: o.token.attemptedAt,
    state: o.state,
    scheduled_at: rest?.scheduledAt?.toISOString() ?? null,
    error: rest?.error ? { ...rest.error, at: rest.error.at.toISOString() } : null,
    snooze: rest?.snooze === true,
    interrupt: rest?.interrupt === true,
  };
}

function readPersisted(r: string, into: Map<string, PersistedOutcome>): void {
  const [id, state, attempt, finalizedAt, scheduledAt] = JSON.parse(r) as [string, JobState, number, string | null, string];
  into.set(id, { state, attempt, finalizedAt: finalizedAt === null ? null : new Date(finalizedAt), scheduledAt: new Date(scheduledAt) });
}
