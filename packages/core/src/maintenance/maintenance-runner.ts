import type { Logger } from "../logger.js";
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
 * leadership, `stop()` on losing it or on client stop. Each service has its own timer and
 * never overlaps itself; a failing run is logged and retried at the next interval.
 */
export class MaintenanceRunner {
  readonly #tasks: readonly MaintenanceTask[];
  readonly #logger: Logger;
  /** Bumped by start/stop so loops of an earlier start end even if stop was not awaited. */
  #generation = 0;
  #started = false;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(options: MaintenanceRunnerOptions) {
    this.#tasks = [...options.tasks];
    this.#logger = options.logger;
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#started;
  }

  /** Runs every service at once, then each on its own interval. Idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const generation = ++this.#generation;
    for (const task of this.#tasks) void this.#loop(task, generation);
  }

  /** Stops scheduling runs and waits for runs in progress to finish. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#generation++;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all([...this.#inFlight]);
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

  async #loop(task: MaintenanceTask, generation: number): Promise<void> {
    if (generation !== this.#generation) return;
    const run = this.#runLogged(task.service);
    this.#inFlight.add(run);
    await run;
    this.#inFlight.delete(run);
    if (generation !== this.#generation) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#loop(task, generation);
    }, task.intervalMs);
    timer.unref();
    this.#timers.add(timer);
  }

  async #runLogged(service: MaintenanceService): Promise<void> {
    try {
      const rows = await service.runOnce();
      if (rows > 0) this.#logger.debug({ service: service.name, rows }, "maintenance run changed rows");
    } catch (err) {
      this.#logger.warn({ err, service: service.name }, "maintenance run failed; retrying at its next interval");
    }
  }
}
