/** The leader's rescuer: makes jobs left `running` by a dead process runnable again. */
import type { Executor } from "../driver/driver.js";
import { type JobRow, parseJobJson } from "../job/job-row.js";
import { rescueStuckJobsSql, selectStuckJobsSql } from "../sql/maintenance.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import type { MaintenanceService } from "./maintenance-service.js";

/** Options of {@link JobRescuer}. Durations are milliseconds. */
export interface JobRescuerOptions {
  executor: () => Executor;
  tables: SchemaTables;
  /** A `running` job whose attempt started longer ago than this may be rescued. */
  rescueStuckJobsAfter: number;
  /**
   * The timeout of a kind's jobs: a job is rescued only once it has passed too; 0 means no
   * timeout (never rescued by age alone); null means the kind is not this client's to rescue.
   */
  timeoutFor(kind: string): number | null;
  /** When a rescued job runs again (its kind's retry policy, else the client's). `job.errors` holds the errors before this rescue. */
  retryAt(job: JobRow): Date;
  /** Jobs read per page; every page of running jobs past the threshold is read, by id. Default 1 000. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 1_000;

/**
 * Rescues jobs left `running` by a process that died: they become `retryable` at the retry
 * policy's time (or `discarded` when out of attempts, `cancelled` when a cancel was
 * requested), with River's error "Stuck job rescued by JobRescuer" appended and
 * `metadata."river:rescue_count"` + 1 (read River's forgiving way). Jobs whose kind's
 * timeout has not passed, whose kind has none, or whose kind this client does not register
 * are left alone; pages go by id, so such jobs never hide later stuck ones.
 */
export class JobRescuer implements MaintenanceService {
  readonly name = "job-rescuer";
  readonly #o: JobRescuerOptions;
  readonly #batchSize: number;

  constructor(options: JobRescuerOptions) {
    this.#o = options;
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  async runOnce(): Promise<number> {
    const { tables, rescueStuckJobsAfter } = this.#o;
    const executor = this.#o.executor();
    let total = 0;
    let after = "0";
    for (;;) {
      const page = await executor.query<{ job: string; now: string }>(selectStuckJobsSql(tables), [rescueStuckJobsAfter, this.#batchSize, after]);
      if (page.length === 0) break;
      const now = new Date(JSON.parse(page[0]!.now) as string).getTime();
      const times: Record<string, string | null> = {};
      for (const { job: text } of page) {
        const job = parseJobJson(text);
        after = job.id;
        if (this.#due(job, now)) times[job.id] = job.attempt >= job.maxAttempts ? null : this.#o.retryAt(job).toISOString();
      }
      if (Object.keys(times).length > 0) {
        const [row] = await executor.query<{ rescued: number }>(rescueStuckJobsSql(tables), [rescueStuckJobsAfter, this.#batchSize, JSON.stringify(times)]);
        total += row?.rescued ?? 0;
      }
      if (page.length < this.#batchSize) break;
    }
    return total;
  }

  #due(job: JobRow, now: number): boolean {
    const timeout = this.#o.timeoutFor(job.kind);
    if (timeout === null || timeout === 0) return false;
    return job.attemptedAt !== null && job.attemptedAt.getTime() + timeout <= now;
  }
}
