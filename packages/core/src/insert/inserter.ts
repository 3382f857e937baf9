/** The insert pipeline every insert path shares: unique twins, notifications, duplicates read back. */
import type { Executor } from "../driver/driver.js";
import { DuplicateJobError } from "../base/errors.js";
import { parseJobJson } from "../job/job-row.js";
import type { Logger } from "../base/logger.js";
import { integerArrayLiteral } from "../sql/array-literal.js";
import type { LazySchemaStatements } from "../sql/schema-statements.js";
import { InsertNotifyLimiter } from "./insert-notify-limiter.js";
import { type InsertResult, insertResultFromReturned } from "../job/insert-result.js";
import type { PreparedJob } from "./prepare-jobs.js";

/** Options of {@link Inserter}. */
export interface InserterOptions {
  statements: LazySchemaStatements;
  /** The pool, for trailing notifications (never a caller's transaction: it may be gone). */
  poolExecutor: () => Executor;
  /** A queue is notified at most once per this many ms, with one trailing notification after. */
  notifyWindowMs: number;
  logger: Logger;
}

/**
 * Inserts prepared jobs in one statement on the executor given (the pool, or the caller's
 * transaction) and returns their results in order. The statement notifies the queues of
 * jobs that are available now, rate-limited per queue (see InsertNotifyLimiter); a unique
 * job whose key is taken comes back as the existing job with `skipped: true`, or throws
 * DuplicateJobError when it asked for `onDuplicate: "error"`.
 */
export class Inserter {
  readonly #o: InserterOptions;
  readonly #limiter: InsertNotifyLimiter;
  /** Trailing notifications in flight, awaited by flush() so the pool can be closed after it. */
  readonly #trailing = new Set<Promise<void>>();

  constructor(options: InserterOptions) {
    this.#o = options;
    this.#limiter = new InsertNotifyLimiter(options.notifyWindowMs, (queues) => {
      const sending = this.#notify(queues).finally(() => this.#trailing.delete(sending));
      this.#trailing.add(sending);
    });
  }

  async insert(executor: Executor, jobs: readonly PreparedJob[]): Promise<InsertResult[]> {
    if (jobs.length === 0) return [];
    const { jobs: sql } = await this.#o.statements.get(executor);
    // A batch cannot hold two rows with one unique key (ON CONFLICT may touch a row once):
    // later twins are answered with the first one's result.
    const firstByKey = new Map<string, number>();
    const sendIndex: number[] = [];
    const twinOf = jobs.map(({ row }, i): number | undefined => {
      const first = row.unique_key === null ? undefined : firstByKey.get(row.unique_key);
      if (first !== undefined) return first;
      if (row.unique_key !== null) firstByKey.set(row.unique_key, i);
      sendIndex.push(i);
      return undefined;
    });
    const sent = sendIndex.map((i) => jobs[i]!.row);
    const now = Date.now();
    // A job scheduled for later wakes nobody: the scheduler notifies when it becomes due.
    const dueQueues = new Set(sent.filter((r) => r.scheduled_at === null || Date.parse(r.scheduled_at) <= now).map((r) => r.queue));
    const statement = sql.inserts.query(sent, this.#limiter.take(dueQueues));
    const returned = await executor.query<{ r: string; now: string }>(statement.text, statement.params);
    const statementNow = new Date(JSON.parse(returned[0]!.now) as string);
    const results = sent.map((row, k) => insertResultFromReturned(row, returned[k]!.r, statementNow));
    const skippedIds = results.filter((r) => r.skipped).map((r) => r.job.id);
    if (skippedIds.length > 0) {
      // A duplicate's row is the existing job, whose args or kind may differ from what was sent.
      const existing = await executor.query<{ job: string }>(sql.getByIds, [integerArrayLiteral(skippedIds)]);
      const byId = new Map(existing.map((e) => {
        const job = parseJobJson(e.job);
        return [job.id, job] as const;
      }));
      for (const r of results) if (r.skipped) r.job = byId.get(r.job.id) ?? r.job;
    }
    const byRow: InsertResult[] = new Array(jobs.length);
    sendIndex.forEach((rowIndex, k) => {
      byRow[rowIndex] = results[k]!;
    });
    twinOf.forEach((first, i) => {
      if (first !== undefined) byRow[i] = { job: byRow[first]!.job, skipped: true };
    });
    byRow.forEach((r, i) => {
      if (r.skipped && jobs[i]!.onDuplicate === "error") throw new DuplicateJobError(r.job.kind, r.job.id);
    });
    return byRow;
  }

  /** Sends the notifications the window held back now, and waits for every one in flight. */
  async flush(): Promise<void> {
    this.#limiter.flush();
    await Promise.all(this.#trailing);
  }

  async #notify(queues: string[]): Promise<void> {
    try {
      const { jobs, tables } = await this.#o.statements.get();
      await this.#o.poolExecutor().query(jobs.notifyInserted, [tables.channels.insert, JSON.stringify(queues)]);
    } catch (err) {
      this.#o.logger.warn({ err, queues }, "trailing insert notification failed; workers will find the jobs by polling");
    }
  }
}
