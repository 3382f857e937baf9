import type { Executor } from "../driver.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import { JobCleaner } from "./job-cleaner.js";
import { JobRescuer } from "./job-rescuer.js";
import { JobScheduler } from "./job-scheduler.js";
import type { MaintenanceTask } from "./maintenance-runner.js";
import { QueueCleaner } from "./queue-cleaner.js";

/**
 * The scheduler's default interval. River uses 5 s; Tributary checks every second because
 * short retry delays (the first default retry is 1 s) would otherwise wait up to 5 s more,
 * and one indexed statement a second on the leader alone is cheap.
 */
export const DEFAULT_SCHEDULER_INTERVAL_MS = 1_000;
/** River's defaults for the other services. */
export const DEFAULT_RESCUER_INTERVAL_MS = 30_000;
export const DEFAULT_CLEANER_INTERVAL_MS = 30_000;
export const DEFAULT_QUEUE_CLEANER_INTERVAL_MS = 60_000;

/** Options of {@link standardMaintenanceTasks}. Every duration is milliseconds. */
export interface StandardMaintenanceOptions {
  executor: () => Executor;
  tables: SchemaTables;
  /** Default 1 000. */
  schedulerInterval?: number;
  /** Default 30 000. */
  rescuerInterval?: number;
  /** Default 30 000. */
  cleanerInterval?: number;
  /** Default 60 000. */
  queueCleanerInterval?: number;
  /** Default 1 h. */
  rescueStuckJobsAfter?: number;
  /** See {@link JobRescuer}; absent: River's default backoff, in SQL. */
  nextRetryAt?: (attempt: number, errorCount: number) => Date;
  /** Default 24 h. */
  completedJobRetention?: number;
  /** Default 24 h. */
  cancelledJobRetention?: number;
  /** Default 7 days. */
  discardedJobRetention?: number;
  /** Default 24 h. */
  queueRetention?: number;
}

/** River's leader-only services (scheduler, rescuer, job cleaner, queue cleaner) with their intervals. */
export function standardMaintenanceTasks(options: StandardMaintenanceOptions): MaintenanceTask[] {
  const { executor, tables } = options;
  return [
    {
      service: new JobScheduler({ executor, tables }),
      intervalMs: options.schedulerInterval ?? DEFAULT_SCHEDULER_INTERVAL_MS,
    },
    {
      service: new JobRescuer({
        executor,
        tables,
        rescueStuckJobsAfter: options.rescueStuckJobsAfter,
        nextRetryAt: options.nextRetryAt,
      }),
      intervalMs: options.rescuerInterval ?? DEFAULT_RESCUER_INTERVAL_MS,
    },
    {
      service: new JobCleaner({
        executor,
        tables,
        completedJobRetention: options.completedJobRetention,
        cancelledJobRetention: options.cancelledJobRetention,
        discardedJobRetention: options.discardedJobRetention,
      }),
      intervalMs: options.cleanerInterval ?? DEFAULT_CLEANER_INTERVAL_MS,
    },
    {
      service: new QueueCleaner({ executor, tables, queueRetention: options.queueRetention }),
      intervalMs: options.queueCleanerInterval ?? DEFAULT_QUEUE_CLEANER_INTERVAL_MS,
    },
  ];
}
