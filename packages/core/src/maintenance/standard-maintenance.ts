/** River's leader-only maintenance services, built from a client's settings, with their intervals. */
import type { Executor } from "../driver/driver.js";
import type { JobRow } from "../job/job-row.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import { JobCleaner } from "./job-cleaner.js";
import { JobRescuer } from "./job-rescuer.js";
import { JobScheduler } from "./job-scheduler.js";
import type { MaintenanceTask } from "./maintenance-runner.js";
import { QueueCleaner } from "./queue-cleaner.js";

/** River's intervals for the services whose interval is not a client setting. */
export const DEFAULT_RESCUER_INTERVAL_MS = 30_000;
export const DEFAULT_CLEANER_INTERVAL_MS = 30_000;
export const DEFAULT_QUEUE_CLEANER_INTERVAL_MS = 60_000;

/** Options of {@link standardMaintenanceTasks}: complete settings, every duration in milliseconds. */
export interface StandardMaintenanceOptions {
  executor: () => Executor;
  tables: SchemaTables;
  schedulerInterval: number;
  rescueStuckJobsAfter: number;
  /** When a rescued job runs again (its worker's retry policy, else the client's). */
  retryAt: (job: JobRow) => Date;
  /** A kind's job timeout (0: none), or null for a kind the rescuer leaves alone. */
  timeoutFor: (kind: string) => number | null;
  completedJobRetention: number;
  cancelledJobRetention: number;
  discardedJobRetention: number;
}

/** River's leader-only services (scheduler, rescuer, job cleaner, queue cleaner) with their intervals. */
export function standardMaintenanceTasks(options: StandardMaintenanceOptions): MaintenanceTask[] {
  const { executor, tables, rescueStuckJobsAfter } = options;
  return [
    { service: new JobScheduler({ executor, tables }), intervalMs: options.schedulerInterval },
    {
      service: new JobRescuer({ executor, tables, rescueStuckJobsAfter, retryAt: options.retryAt, timeoutFor: options.timeoutFor }),
      // Rescue soon after the threshold even when it is set short.
      intervalMs: Math.min(DEFAULT_RESCUER_INTERVAL_MS, Math.max(100, rescueStuckJobsAfter / 4)),
    },
    {
      service: new JobCleaner({
        executor,
        tables,
        completedJobRetention: options.completedJobRetention,
        cancelledJobRetention: options.cancelledJobRetention,
        discardedJobRetention: options.discardedJobRetention,
      }),
      intervalMs: DEFAULT_CLEANER_INTERVAL_MS,
    },
    { service: new QueueCleaner({ executor, tables }), intervalMs: DEFAULT_QUEUE_CLEANER_INTERVAL_MS },
  ];
}
