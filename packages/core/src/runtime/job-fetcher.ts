/** How a queue's jobs are fetched: one SKIP LOCKED statement, or under a fleet-wide limit's lock. */
import { metricChannel } from "../base/diagnostics.js";
import type { Driver } from "../driver/driver.js";
import { rememberAttempt } from "../job/attempt-token.js";
import { type JobRow, readJobJson } from "../job/job-row.js";
import type { JobSql } from "../sql/job-sql.js";
import type { Completer } from "./completer.js";

/** The completer's backlog above which producers wait before fetching more. */
const MAX_COMPLETER_BACKLOG = 10_000;

/** What the fetcher needs of a queue's settings. */
export interface FetchedQueue {
  readonly name: string;
  /** Null: no fleet-wide limit. */
  readonly globalLimit: number | null;
  readonly rateLimit: { readonly max: number; readonly interval: number } | null;
}

/** Options of {@link JobFetcher}. */
export interface JobFetcherOptions {
  driver: Driver<unknown>;
  jobs: JobSql;
  clientId: string;
  completer: Completer;
}

/**
 * Locks up to `limit` available jobs of a queue for this client and returns them in fetch
 * order (priority, scheduled_at, id). A queue with `globalLimit` or `rateLimit` fetches in
 * a transaction that first takes the queue's fleet-wide advisory lock.
 */
export class JobFetcher {
  readonly #o: JobFetcherOptions;

  constructor(options: JobFetcherOptions) {
    this.#o = options;
  }

  async fetch(queue: FetchedQueue, limit: number): Promise<JobRow[]> {
    const { driver, jobs, clientId, completer } = this.#o;
    // Backpressure: outcomes not yet written are jobs still "running" in the database.
    while (completer.backlog > MAX_COMPLETER_BACKLOG) await completer.flush();
    const started = performance.now();
    let rows: { job: string }[];
    if (queue.globalLimit !== null || queue.rateLimit !== null) {
      // The lock and the fetch are two statements so the fetch's snapshot is taken with the
      // lock held (see JobSql.fetchLimited).
      rows = await driver.transaction(async (ex) => {
        await ex.query(jobs.fetchLimitLock, [queue.name]);
        return ex.query<{ job: string }>(jobs.fetchLimited, [
          queue.name,
          limit,
          clientId,
          queue.globalLimit,
          queue.rateLimit?.max ?? null,
          queue.rateLimit?.interval ?? null,
        ]);
      });
    } else {
      rows = await driver.executor().query<{ job: string }>(jobs.fetchAvailable, [queue.name, limit, clientId]);
    }
    // UPDATE … RETURNING does not keep the locking order: restore it, so the jobs started
    // first (and the ones held ahead, last) follow priority, scheduled_at and id.
    if (metricChannel.hasSubscribers) {
      metricChannel.publish({ name: "fetch", queue: queue.name, count: rows.length, durationMs: performance.now() - started });
    }
    return rows
      .map((r) => {
        const { job, attemptedAtText } = readJobJson(r.job);
        rememberAttempt(job, { attempt: job.attempt, attemptedAt: attemptedAtText! });
        return job;
      })
      .sort(byFetchOrder);
  }
}

function byFetchOrder(a: JobRow, b: JobRow): number {
  return (
    a.priority - b.priority ||
    a.scheduledAt.getTime() - b.scheduledAt.getTime() ||
    a.id.length - b.id.length ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
