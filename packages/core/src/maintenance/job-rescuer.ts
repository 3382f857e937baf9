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
  /** A `running` job whose attempt started longer ago than this is rescued. */
  rescueStuckJobsAfter: number;
  /**
   * When a rescued job runs again: the retry policy of its kind's worker, else the client's
   * (see `retryPolicyFor`). `job.errors` holds the errors before this rescue.
   */
  retryAt: (job: JobRow) => Date;
  /** Most jobs per statement; a run repeats until a batch comes back short. Default 1 000. */
  batchSize?: number;
}

/** Stops a run from looping forever if rows keep turning up stuck. */
const MAX_BATCHES_PER_RUN = 100;
const DEFAULT_BATCH_SIZE = 1_000;

/**
 * Rescues jobs left `running` by a process that died: they become `retryable` at the retry
 * policy's time (or `discarded` when out of attempts, `cancelled` when a cancel was
 * requested), with the error "Stuck job rescued by Rescuer" appended and
 * `metadata."river:rescue_count"` + 1.
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
    let total = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const { found, rescued } = await this.#rescueBatch();
      total += rescued;
      if (found < this.#batchSize) break;
    }
    return total;
  }

  async #rescueBatch(): Promise<{ found: number; rescued: number }> {
    const { tables, rescueStuckJobsAfter, retryAt } = this.#o;
    const executor = this.#o.executor();
    const stuck = await executor.query<{ job: string }>(selectStuckJobsSql(tables), [rescueStuckJobsAfter, this.#batchSize]);
    if (stuck.length === 0) return { found: 0, rescued: 0 };
    const times: Record<string, string | null> = {};
    for (const { job: text } of stuck) {
      const job = parseJobJson(text);
      times[job.id] = job.attempt >= job.maxAttempts ? null : retryAt(job).toISOString();
    }
    const [row] = await executor.query<{ rescued: number }>(rescueStuckJobsSql(tables), [
      rescueStuckJobsAfter,
      this.#batchSize,
      JSON.stringify(times),
    ]);
    return { found: stuck.length, rescued: row?.rescued ?? 0 };
  }
}
