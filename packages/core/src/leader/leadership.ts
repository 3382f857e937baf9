/** What this client does as leader: elects, and runs maintenance and periodic jobs while it leads. */
import type { ClientEvents } from "../runtime/client-events.js";
import type { Executor } from "../driver/driver.js";
import type { Inserter } from "../insert/inserter.js";
import type { JobRow } from "../job/job-row.js";
import type { Logger } from "../base/logger.js";
import { JobScheduler } from "../maintenance/job-scheduler.js";
import { MaintenanceRunner } from "../maintenance/maintenance-runner.js";
import { PeriodicEnqueuer } from "../maintenance/periodic-enqueuer.js";
import { Reindexer } from "../maintenance/reindexer.js";
import type { ReindexerSettings } from "../maintenance/reindexer-config.js";
import { standardMaintenanceTasks } from "../maintenance/standard-maintenance.js";
import type { PeriodicJobs } from "../periodic/periodic-jobs.js";
import type { SchemaStatements } from "../sql/schema-statements.js";
import { LeaderElector } from "./elector.js";

/** Options of {@link Leadership}: complete settings, durations in milliseconds. */
export interface LeadershipOptions {
  poolExecutor: () => Executor;
  statements: SchemaStatements;
  clientId: string;
  electionInterval: number;
  /** Never take part in elections (and so never run what a leader runs). */
  leaderElectionDisabled: boolean;
  /** Null: no reindexer. */
  reindexer: ReindexerSettings | null;
  schedulerInterval: number;
  rescueStuckJobsAfter: number;
  completedJobRetention: number;
  cancelledJobRetention: number;
  discardedJobRetention: number;
  /** When a rescued job runs again. */
  retryAt(job: JobRow): Date;
  /** A kind's job timeout (0: none), or null for a kind the rescuer leaves alone. */
  timeoutFor(kind: string): number | null;
  periodicJobs: PeriodicJobs;
  cleanStalePeriodicJobs: boolean;
  inserter: Inserter;
  /** Called when this client starts enqueuing periodic jobs (the periodicJobsStart hooks). */
  onPeriodicJobsStart(): void;
  logger: Logger;
  emit<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void;
}

/**
 * The leader elector and the services only a leader runs. Gaining leadership starts the
 * maintenance runner and the periodic enqueuer; losing it stops them; `stop()` stops all
 * three and resigns, so another client takes over without waiting for the TTL.
 */
export class Leadership {
  readonly #elector: LeaderElector;
  readonly #maintenance: MaintenanceRunner;
  readonly #periodic: PeriodicEnqueuer;
  readonly #reindexer: Reindexer | null;
  readonly #disabled: boolean;

  constructor(o: LeadershipOptions) {
    const { poolExecutor: executor, statements, logger } = o;
    const { tables } = statements;
    this.#maintenance = new MaintenanceRunner({
      logger,
      tasks: standardMaintenanceTasks({
        executor,
        tables,
        schedulerInterval: o.schedulerInterval,
        rescueStuckJobsAfter: o.rescueStuckJobsAfter,
        retryAt: o.retryAt,
        timeoutFor: o.timeoutFor,
        completedJobRetention: o.completedJobRetention,
        cancelledJobRetention: o.cancelledJobRetention,
        discardedJobRetention: o.discardedJobRetention,
      }),
    });
    this.#periodic = new PeriodicEnqueuer({
      executor,
      jobs: statements.jobs,
      inserter: o.inserter,
      scheduler: new JobScheduler({ executor, tables }),
      periodicJobs: o.periodicJobs,
      cleanStale: o.cleanStalePeriodicJobs,
      logger,
    });
    this.#disabled = o.leaderElectionDisabled;
    this.#reindexer = o.reindexer ? new Reindexer({ executor, tables, logger, settings: o.reindexer }) : null;
    this.#elector = new LeaderElector({
      executor,
      tables,
      clientId: o.clientId,
      logger,
      intervalMs: o.electionInterval,
      ttlMs: o.electionInterval * 3,
      onChange: (isLeader) => {
        logger.info({ clientId: o.clientId, isLeader }, isLeader ? "became leader" : "lost leadership");
        if (isLeader) {
          this.#maintenance.start();
          if (this.#periodic.start()) o.onPeriodicJobsStart();
          this.#reindexer?.start();
        } else {
          void this.#maintenance.stop();
          void this.#periodic.stop();
          void this.#reindexer?.stop();
        }
        o.emit("leader:changed", { isLeader });
      },
    });
  }

  get isLeader(): boolean {
    return this.#elector.isLeader;
  }

  start(): void {
    if (!this.#disabled) this.#elector.start();
  }

  /**
   * A message on `<schema>.river_leadership`: another client resigned (try to take over now
   * rather than at the next interval), or someone asked the leader to resign.
   */
  onNotification(payload: Record<string, unknown>): void {
    this.#elector.handleNotification(payload);
  }

  async stop(): Promise<void> {
    await this.#maintenance.stop();
    await this.#periodic.stop();
    await this.#reindexer?.stop();
    await this.#elector.stop();
  }
}
