/** The leader's scheduler: makes due scheduled and retryable jobs available. */
import type { Executor } from "../driver/driver.js";
import { scheduleDueJobsSql } from "../sql/maintenance.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import type { MaintenanceService } from "./maintenance-service.js";

/** Options of {@link JobScheduler}. */
export interface JobSchedulerOptions {
  executor: () => Executor;
  tables: SchemaTables;
  /** Most jobs moved per run; the rest wait for the next run. Default 10 000 (River's). */
  batchSize?: number;
}

/**
 * Makes due jobs workable: `scheduled` and `retryable` jobs whose `scheduled_at` has
 * passed become `available`, and each queue that got jobs is woken with one
 * `<schema>.river_insert` notification, sent by the same statement.
 */
export class JobScheduler implements MaintenanceService {
  readonly name = "job-scheduler";
  readonly #executor: () => Executor;
  readonly #tables: SchemaTables;
  readonly #batchSize: number;

  constructor(options: JobSchedulerOptions) {
    this.#executor = options.executor;
    this.#tables = options.tables;
    this.#batchSize = options.batchSize ?? 10_000;
  }

  async runOnce(): Promise<number> {
    const [row] = await this.#executor().query<{ moved: number }>(scheduleDueJobsSql(this.#tables), [
      this.#batchSize,
      this.#tables.channels.insert,
    ]);
    return row?.moved ?? 0;
  }
}
