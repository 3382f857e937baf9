/** Writes job outcomes in batches, one guarded statement per batch, and tells each caller what was persisted. */
import { metricChannel } from "../base/diagnostics.js";
import type { Executor } from "../driver/driver.js";
import type { JobState } from "../job/job-row.js";
import type { Logger } from "../base/logger.js";
import { integerArrayLiteral, textArrayLiteral } from "../sql/array-literal.js";
import { isStatementError } from "../sql/database-errors.js";
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

/** Backoff between attempts to write a batch; the last delay repeats until stop's deadline. */
const RETRY_DELAYS_MS = [50, 200, 1000, 2000, 5000];

interface Pending {
  outcome: JobOutcome;
  resolve(result: OutcomeWrite): void;
}

/**
 * Writes job outcomes in batches, one statement per batch, each update guarded by the
 * fetch that produced it (see JobOutcomeSql). `add` resolves once the outcome's batch is
 * committed, with what the row now holds, so events report persisted state. A failing
 * write is retried with capped backoff until `stop()`'s deadline (an outage of any length
 * loses no outcome of a process that keeps running); a row the database refuses is written
 * apart from its batch. Outcomes of jobs whose process dies before a flush are not lost:
 * those rows stay `running` and the leader's rescuer makes them runnable again.
 */
export class Completer {
  readonly #opts: Required<CompleterOptions>;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #inFlight = 0;
  /** Until stop(), a failing write is retried for as long as it takes. */
  #giveUpAt = Number.POSITIVE_INFINITY;
  #wakeRetry: (() => void) | undefined;
  readonly #unrecorded: string[] = [];

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

  /**
   * Stops accepting delays: writes what waits, keeps retrying a failing write until `ms`
   * have passed, then gives up on what is left. Resolves to the ids of the outcomes that
   * could not be recorded (their rows stay `running`, for the rescuer).
   */
  async stop(ms: number): Promise<string[]> {
    this.#giveUpAt = performance.now() + Math.max(0, ms);
    this.#wakeRetry?.();
    await this.flush();
    return this.#unrecorded.splice(0);
  }

  async #write(batch: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const started = performance.now();
        const written = await this.#writeBatch(batch.map((p) => p.outcome));
        if (metricChannel.hasSubscribers) metricChannel.publish({ name: "completion_batch", size: batch.length, durationMs: performance.now() - started });
        for (const p of batch) p.resolve(written.get(p.outcome.id) ?? "stale");
        return;
      } catch (err) {
        if (isStatementError(err)) {
          // One row poisons the batch (a bad value, a constraint): record the others row by row.
          if (batch.length > 1) {
            for (const p of batch) await this.#write([p]);
            return;
          }
          this.#opts.logger.error({ err, jobId: batch[0]!.outcome.id }, "the database refused this job's outcome; the rescuer will retry the job");
          this.#giveUp(batch);
          return;
        }
        // Re-writing is safe: each update only applies while the row is still that attempt's run.
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
        if (performance.now() + delay > this.#giveUpAt) {
          this.#opts.logger.error({ err, jobs: batch.length }, "could not record job outcomes before stop's deadline; the rescuer will retry these jobs");
          this.#giveUp(batch);
          return;
        }
        this.#opts.logger.warn({ err, attempt, retryInMs: delay }, "recording job outcomes failed; retrying");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wakeRetry = undefined;
      }
    }
  }

  #giveUp(batch: Pending[]): void {
    for (const p of batch) {
      this.#unrecorded.push(p.outcome.id);
      p.resolve("failed");
    }
  }

  /** One statement per kind of outcome; what each changed, by job id. */
  async #writeBatch(outcomes: JobOutcome[]): Promise<Map<string, PersistedOutcome>> {
    const completed = outcomes.filter((o) => o.state === "completed");
    const others = outcomes.filter((o) => o.state !== "completed").map(outcomeRow);
    const ex = this.#opts.executor();
    const written = new Map<string, PersistedOutcome>();
    if (completed.length > 0) {
      const rows = await ex.query<{ ids: string; finalized_at: string }>(this.#opts.sql.completeMany, [
        integerArrayLiteral(completed.map((o) => o.id)),
        integerArrayLiteral(completed.map((o) => o.token.attempt)),
        textArrayLiteral(completed.map((o) => o.token.attemptedAt)),
        textArrayLiteral(completed.map((o) => o.staged ?? null)),
      ]);
      const [row] = rows;
      if (row && row.ids !== "") {
        const finalizedAt = new Date(row.finalized_at);
        const attempts = new Map(completed.map((o) => [o.id, o.token.attempt]));
        for (const id of row.ids.split(",")) written.set(id, { state: "completed", attempt: attempts.get(id)!, finalizedAt });
      }
    }
    if (others.length > 0) {
      const rows = await ex.query<{ r: string }>(this.#opts.sql.finishMany, [`[${others.join(",")}]`]);
      for (const row of rows) readPersisted(row.r, written);
    }
    return written;
  }
}

/** One outcome as a JSON object; the staged metadata is spliced in as the exact JSON text it is. */
function outcomeRow(o: JobOutcome): string {
  const rest = o.state === "completed" ? undefined : o;
  const row = {
    id: o.id,
    attempt: o.token.attempt,
    attempted_at: o.token.attemptedAt,
    state: o.state,
    scheduled_at: rest?.scheduledAt?.toISOString() ?? null,
    error: rest?.error ? { ...rest.error, at: rest.error.at.toISOString() } : null,
    snooze: rest?.snooze === true,
    interrupt: rest?.interrupt === true,
  };
  return `${JSON.stringify(row).slice(0, -1)},"staged":${o.staged ?? "null"}}`;
}

function readPersisted(r: string, into: Map<string, PersistedOutcome>): void {
  const [id, state, attempt, finalizedAt, scheduledAt] = JSON.parse(r) as [string, JobState, number, string | null, string];
  into.set(id, { state, attempt, finalizedAt: finalizedAt === null ? null : new Date(finalizedAt), scheduledAt: new Date(scheduledAt) });
}
