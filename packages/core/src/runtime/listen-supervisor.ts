/** Keeps a client listening: a failed LISTEN at start is retried in the background while the client polls. */
import type { Logger } from "../base/logger.js";
import { Sleeper } from "../base/sleeper.js";
import { StartStopService } from "../base/start-stop-service.js";
import type { Notifier } from "./notifier.js";

/** Options of {@link ListenSupervisor}. */
export interface ListenSupervisorOptions {
  /** A notifier on a fresh listener, its handlers registered: a failed one is never reused. */
  makeNotifier(): Notifier;
  /** Called once the notifier listens after the first attempt failed: stop polling, catch up. */
  onListening(): void;
  driverName: string;
  logger: Logger;
}

/** Backoff between LISTEN attempts; the last delay repeats. */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * A worker that boots during a restart or while connections are exhausted would otherwise
 * poll for its whole life (jobs start up to `pollInterval` late, cancellations are found by
 * polling). `listenNow()` makes the first attempt; after a failure `start()` keeps trying with
 * backoff until one succeeds or the client stops.
 */
export class ListenSupervisor extends StartStopService {
  readonly name = "listener";
  protected readonly logger: Logger;
  readonly #o: ListenSupervisorOptions;
  #notifier: Notifier | undefined;

  constructor(options: ListenSupervisorOptions) {
    super();
    this.#o = options;
    this.logger = options.logger;
  }

  get listening(): boolean {
    return this.#notifier !== undefined;
  }

  /** One attempt to listen; false (logged) when it failed. */
  async listenNow(): Promise<boolean> {
    const notifier = this.#o.makeNotifier();
    try {
      await notifier.start();
      this.#notifier = notifier;
      this.logger.info({ driver: this.#o.driverName }, "listening for notifications");
      return true;
    } catch (err) {
      this.logger.warn({ err, driver: this.#o.driverName }, "could not LISTEN; polling and retrying in the background");
      await notifier.stop().catch(() => {});
      return false;
    }
  }

  protected async run(signal: AbortSignal): Promise<void> {
    const sleeper = new Sleeper(false);
    for (let attempt = 0; !signal.aborted; attempt++) {
      await sleeper.sleep(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!, signal);
      if (signal.aborted) return;
      if (await this.listenNow()) {
        if (signal.aborted) return;
        this.#o.onListening();
        return;
      }
    }
  }

  /** Stops retrying and closes the listener. */
  override async stop(): Promise<void> {
    await super.stop();
    await this.#notifier?.stop();
    this.#notifier = undefined;
  }
}
