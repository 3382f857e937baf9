/** The leader's queue cleaner: forgets river_queue rows no client has touched for a day. */
import type { Executor } from "../driver/driver.js";
import { deleteStaleQueuesSql } from "../sql/maintenance.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import type { MaintenanceService } from "./maintenance-service.js";

/** River's default: a queue no client has touched for a day is forgotten. */
export const DEFAULT_QUEUE_RETENTION_MS = 86_400_000;

/** Options of {@link QueueCleaner}. */
export interface QueueCleanerOptions {
  executor: () => Executor;
  tables: SchemaTables;
  /** A `river_queue` row whose `updated_at` is older than this is deleted. Default 24 h. */
  queueRetention?: number;
  /** Most rows per DELETE. Default 1 000. */
  batchSize?: number;
}

const MAX_BATCHES_PER_RUN = 100;

/**
 * Deletes `river_queue` rows of queues no client has reported for a while (clients that
 * work a queue keep touching its `updated_at`), so paused-state and dashboards forget
 * queues that are gone. Jobs are never touched.
 */
export class QueueCleaner implements MaintenanceService {
  readonly name = "queue-cleaner";
  readonly #executor: () => Executor;
  readonly #tables: SchemaTables;
  readonly #retention: number;
  readonly #batchSize: number;

  constructor(options: QueueCleanerOptions) {
    this.#executor = options.executor;
    this.#tables = options.tables;
    this.#retention = options.queueRetention ?? DEFAULT_QUEUE_RETENTION_MS;
    this.#batchSize = options.batchSize ?? 1_000;
  }

  async runOnce(): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const [row] = await this.#executor().query<{ deleted: number }>(deleteStaleQueuesSql(this.#tables), [
        this.#retention,
        this.#batchSize,
      ]);
      const deleted = row?.deleted ?? 0;
      total += deleted;
      if (deleted < this.#batchSize) break;
    }
    return total;
  }
}
