/** Runs the leader's maintenance services on their intervals while this client leads. */
import { Sleeper } from "../base/sleeper.js";
import { StartStopService } from "../base/start-stop-service.js";
import type { Logger } from "../base/logger.js";
import type { MaintenanceService } from "./maintenance-service.js";

/** A service and how long to wait between the end of one run and the start of the next. */
export interface MaintenanceTask {
  service: MaintenanceService;
  /** Milliseconds between runs. */
  intervalMs: number;
}

/** Options of {@link MaintenanceRunner}. */
export interface MaintenanceRunnerOptions {
  tasks: readonly MaintenanceTask[];
  logger: Logger;
}

/**
 * Runs the leader's maintenance services while this client leads: `start()` on gaining
 * leadership, `stop()` on losing it or on client stop. Each service runs at once, then on
 * its own interval, and never overlaps itself; a failing run is logged and retried at the
 * next interval. `stop()` waits for runs in progress.
 */
export class MaintenanceRunner extends StartStopService {
  readonly name = "maintenance";
  protected readonly logger: Logger;
  readonly #tasks: readonly MaintenanceTask[];

  constructor(options: MaintenanceRunnerOptions) {
    super();
    this.#tasks = [...options.tasks];
    this.logger = options.logger;
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.started;
  }

  /**
   * Runs every service once, one after another, and returns the rows each changed by
   * service name. Errors propagate (meant for tests and manual maintenance).
   */
  async runAllOnce(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { service } of this.#tasks) counts[service.name] = await service.runOnce();
    return counts;
  }

  protected async run(signal: AbortSignal): Promise<void> {
    await Promise.all(this.#tasks.map((task) => this.#loop(task, signal)));
  }

  async #loop(task: MaintenanceTask, signal: AbortSignal): Promise<void> {
    const sleeper = new Sleeper(false);
    while (!signal.aborted) {
      await this.#runLogged(task.service);
      await sleeper.sleep(task.intervalMs, signal);
    }
  }

  async #runLogged(service: MaintenanceService): Promise<void> {
    try {
      const rows = await service.runOnce();
      if (rows > 0) this.logger.debug({ service: service.name, rows }, "maintenance run changed rows");
    } catch (err) {
      this.logger.warn({ err, service: service.name }, "maintenance run failed; retrying at its next interval");
    }
  }
}
