import type { Executor } from "../driver.js";
import { rescueStuckJobsSql, selectStuckJobsSql } from "../sql/maintenance.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import type { MaintenanceService } from "./maintenance-service.js";

/** River's default: a job running for an hour is presumed lost with its process. */
export const DEFAULT_RESCUE_STUCK_JOBS_AFTER_MS = 3_600_000;

/** Options of {@link JobRescuer}. Durations are milliseconds. */
export interface JobRescuerOptions {
  executor: () => Executor;
  tables: SchemaTables;
  /** A `running` job whose attempt started longer ago than this is rescued. Default 1 h. */
  rescueStuckJobsAfter?: number;
  /**
   * When a rescued job runs again, from its current `attempt` and the number of errors it
   * had before this rescue. Absent: River's default, `(errorCount + 1)^4` s ±10 %,
   * computed in SQL so a whole batch is rescued by one statement.
   */
  nextRetryAt?: (attempt: number, errorCount: number) => Date;
  /** Most jobs per statement; a run repeats until a batch comes back short. Default 1 000. */
  batchSize?: number;
}

interface StuckJob {
  id: string;
  attempt: number;
  max_attempts: number;
  error_count: number;
}

/** Stops a run from looping forever if rows keep turning up stuck. */
const MAX_BATCHES_PER_RUN = 100;

/**
 * Rescues jobs left `running` by a process that died: they become `retryable` (or
 * `discarded` when out of attempts, `cancelled` when a cancel was requested), with the
 * error "Stuck job rescued by Rescuer" appended and `metadata."river:rescue_count"` + 1.
 */
export class JobRescuer implements MaintenanceService {
  readonly name = "job-rescuer";
  readonly #executor: () => Executor;
  readonly #tables: SchemaTables;
  readonly #stuckAfter: number;
  readonly #nextRetryAt: ((attempt: number, errorCount: number) => Date) | undefined;
  readonly #batchSize: number;

  constructor(options: JobRescuerOptions) {
    this.#executor = options.executor;
    this.#tables = options.tables;
    this.#stuckAfter = options.rescueStuckJobsAfter ?? DEFAULT_RESCUE_STUCK_JOBS_AFTER_MS;
    this.#nextRetryAt = options.nextRetryAt;
    this.#batchSize = options.batchSize ?? 1_000;
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
    const executor = this.#executor();
    let retryTimes: string | null = null;
    let found: number | undefined;
    if (this.#nextRetryAt) {
      const stuck = await executor.query<StuckJob>(selectStuckJobsSql(this.#tables), [this.#stuckAfter, this.#batchSize]);
      if (stuck.length === 0) return { found: 0, rescued: 0 };
      found = stuck.length;
      const times: Record<string, string | null> = {};
      for (const job of stuck) {
        times[job.id] = job.attempt >= job.max_attempts ? null : this.#nextRetryAt(job.attempt, job.error_count).toISOString();
      }
      retryTimes = JSON.stringify(times);
    }
    const [row] = await executor.query<{ rescued: number }>(rescueStuckJobsSql(this.#tables), [
      this.#stuckAfter,
      this.#batchSize,
      retryTimes,
    ]);
    const rescued = row?.rescued ?? 0;
    return { found: found ?? rescued, rescued };
  }
}
