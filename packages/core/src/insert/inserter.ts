/** The insert pipeline every insert path shares: unique twins, notifications, duplicates read back. */
import { metricChannel } from "../base/diagnostics.js";
import type { Executor } from "../driver/driver.js";
import { DuplicateJobError } from "../base/errors.js";
import { parseJobJson } from "../job/job-row.js";
import type { Logger } from "../base/logger.js";
import { integerArrayLiteral } from "../sql/array-literal.js";
import type { LazySchemaStatements } from "../sql/schema-statements.js";
import type { Extensions } from "../extension/extensions.js";
import { InsertNotifyLimiter } from "./insert-notify-limiter.js";
import { insertRowView, withViewMetadata } from "./insert-row-view.js";
import { type InsertResult, insertResultFromReturned } from "../job/insert-result.js";
import type { PreparedJob } from "./prepare-jobs.js";

/** How often a trailing notification checks whether the transactions it announces have ended. */
const COMMIT_POLL_MS = [2, 5, 10, 25, 50, 100, 250];
/** A transaction open longer than this is left to the workers' polling. */
const MAX_COMMIT_WAIT_MS = 10_000;

/** Options of {@link Inserter}. */
export interface InserterOptions {
  statements: LazySchemaStatements;
  /** The pool, for trailing notifications (never a caller's transaction: it may be gone). */
  poolExecutor: () => Executor;
  /** A queue is notified at most once per this many ms, with one trailing notification after. */
  notifyWindowMs: number;
  /** Insert middleware and hooks, run around every insert. */
  extensions: Extensions;
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
  /** Per queue, the callers' transactions whose held-back notification must wait for their end. */
  readonly #uncommitted = new Map<string, Set<string>>();

  constructor(options: InserterOptions) {
    this.#o = options;
    this.#limiter = new InsertNotifyLimiter(options.notifyWindowMs, (queues) => {
      const sending = this.#notify(queues).finally(() => this.#trailing.delete(sending));
      this.#trailing.add(sending);
    });
  }

  /**
   * Inserts `jobs` on `executor`. `inCallerTx`: the executor is the caller's open
   * transaction, so a notification the window holds back must not go out before it commits.
   */
  async insert(executor: Executor, jobs: readonly PreparedJob[], options: { inCallerTx?: boolean } = {}): Promise<InsertResult[]> {
    if (jobs.length === 0) return [];
    const { extensions } = this.#o;
    if (!extensions.observesInserts) return this.#insert(executor, jobs, options);
    const now = Date.now();
    const views = jobs.map((j) => insertRowView(j.row, now));
    return extensions.insert(views, () =>
      this.#insert(
        executor,
        jobs.map((j, i) => ({ ...j, row: withViewMetadata(j.row, views[i]!, jobs.length === 1 ? "opts.metadata" : `jobs[${i}].opts.metadata`) })),
        options,
      ),
    );
  }

  async #insert(executor: Executor, jobs: readonly PreparedJob[], options: { inCallerTx?: boolean }): Promise<InsertResult[]> {
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
    const dueQueues = new Set(sent.filter((r) => !r.pending && (r.scheduled_at === null || Date.parse(r.scheduled_at) <= now)).map((r) => r.queue));
    const notifyNow = this.#limiter.take(dueQueues);
    if (notifyNow.length < dueQueues.size && metricChannel.hasSubscribers) {
      metricChannel.publish({ name: "notify_suppressed", queues: [...dueQueues].filter((q) => !notifyNow.includes(q)) });
    }
    const statement = sql.inserts.query(sent, notifyNow);
    const returned = await executor.query<{ r: string; now: string; xid: string }>(statement.text, statement.params);
    if (options.inCallerTx) {
      for (const queue of dueQueues) if (!notifyNow.includes(queue)) this.#awaitCommit(queue, returned[0]!.xid);
    }
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

  /** Records that `queue`'s held-back notification announces a job of transaction `xid`. */
  #awaitCommit(queue: string, xid: string): void {
    const xids = this.#uncommitted.get(queue) ?? new Set<string>();
    xids.add(xid);
    this.#uncommitted.set(queue, xids);
  }

  /**
   * The trailing notification, sent once the callers' transactions whose jobs it announces
   * are no longer in progress: sent before their commit, it would wake workers that find
   * nothing and leave the job to the next poll.
   */
  async #notify(queues: string[]): Promise<void> {
    try {
      const { jobs, tables } = await this.#o.statements.get();
      const xids = queues.flatMap((q) => {
        const held = [...(this.#uncommitted.get(q) ?? [])];
        this.#uncommitted.delete(q);
        return held;
      });
      for (let waited = 0, i = 0; xids.length > 0 && waited < MAX_COMMIT_WAIT_MS; i++) {
        const [row] = await this.#o.poolExecutor().query<{ open: number }>(jobs.openTransactions, [integerArrayLiteral(xids)]);
        if (!row || row.open === 0) break;
        const delay = COMMIT_POLL_MS[Math.min(i, COMMIT_POLL_MS.length - 1)]!;
        await new Promise((r) => setTimeout(r, delay));
        waited += delay;
      }
      await this.#o.poolExecutor().query(jobs.notifyInserted, [tables.channels.insert, JSON.stringify(queues)]);
    } catch (err) {
      this.#o.logger.warn({ err, queues }, "trailing insert notification failed; workers will find the jobs by polling");
    }
  }
}
