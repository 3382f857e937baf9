/** The leader's job cleaner: deletes finalized jobs past their retention. */
import type { Executor } from "../driver/driver.js";
import { deleteFinalizedJobsSql } from "../sql/maintenance.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import type { MaintenanceService } from "./maintenance-service.js";

/**
 * Options of {@link JobCleaner}. Retentions are milliseconds since `finalized_at`; a
 * negative or non-finite retention (e.g. `Infinity`) keeps jobs of that state forever.
 */
export interface JobCleanerOptions {
  executor: () => Executor;
  tables: SchemaTables;
  completedJobRetention: number;
  cancelledJobRetention: number;
  discardedJobRetention: number;
  /** Most rows per DELETE, keeping each statement's locks short. Default 1 000. */
  batchSize?: number;
}

const MAX_BATCHES_PER_RUN = 1_000;

/** Deletes finalized jobs (completed, cancelled, discarded) once past their retention. */
export class JobCleaner implements MaintenanceService {
  readonly name = "job-cleaner";
  readonly #executor: () => Executor;
  readonly #tables: SchemaTables;
  readonly #retentions: readonly [number | null, number | null, number | null];
  readonly #batchSize: number;

  constructor(options: JobCleanerOptions) {
    this.#executor = options.executor;
    this.#tables = options.tables;
    this.#retentions = [
      retention(options.completedJobRetention),
      retention(options.cancelledJobRetention),
      retention(options.discardedJobRetention),
    ];
    this.#batchSize = options.batchSize ?? 1_000;
  }

  async runOnce(): Promise<number> {
    if (this.#retentions.every((r) => r === null)) return 0;
    let total = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const [row] = await this.#executor().query<{ deleted: number }>(deleteFinalizedJobsSql(this.#tables), [
        ...this.#retentions,
        this.#batchSize,
      ]);
      const deleted = row?.deleted ?? 0;
      total += deleted;
      if (deleted < this.#batchSize) break;
    }
    return total;
  }
}

/** null (keep forever) for a negative or non-finite retention. */
function retention(ms: number): number | null {
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
