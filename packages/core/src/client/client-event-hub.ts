/** Where a client's events go: `on` listeners, `subscribe` streams and the tributary:job channel. */
import { EventEmitter } from "node:events";
import { jobChannel } from "../base/diagnostics.js";
import { InvalidArgumentError } from "../base/errors.js";
import type { Logger } from "../base/logger.js";
import type { ClientEvents } from "../runtime/client-events.js";
import { type JobEventName, JobEventStream, type SubscribeOptions, type SubscribedJobEvent } from "../runtime/job-event-stream.js";

/** Events a subscription holds for a slow consumer before dropping the oldest. */
const DEFAULT_SUBSCRIBE_BUFFER = 1_000;

/** Fans each event out to listeners, subscriptions and diagnostics subscribers. */
export class ClientEventHub {
  readonly #emitter = new EventEmitter();
  readonly #streams = new Set<JobEventStream>();
  readonly #clientId: string;
  readonly #logger: Logger;

  constructor(clientId: string, logger: Logger) {
    this.#clientId = clientId;
    this.#logger = logger;
    // An "error" event without a listener would throw from EventEmitter.
    this.#emitter.on("error", () => {});
  }

  on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): () => void {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.#emitter.off(event, listener as (...args: unknown[]) => void);
  }

  /** True when `event` reaches anyone (a listener, a subscription, a diagnostics subscriber): else its payload need not be built. */
  observes(event: keyof ClientEvents): boolean {
    if (this.#emitter.listenerCount(event) > 0) return true;
    return event.startsWith("job:") && (this.#streams.size > 0 || jobChannel.hasSubscribers);
  }

  emit(event: keyof ClientEvents, payload: unknown): void {
    this.#emitter.emit(event, payload);
    if (!event.startsWith("job:")) return;
    if (this.#streams.size > 0) {
      const record = { name: event, ...(payload as object) } as SubscribedJobEvent;
      for (const stream of this.#streams) stream.push(record);
    }
    if (jobChannel.hasSubscribers) jobChannel.publish({ event, ...(payload as object), clientId: this.#clientId });
  }

  subscribe(events: readonly JobEventName[] | undefined, options: SubscribeOptions): AsyncIterableIterator<SubscribedJobEvent> {
    const bufferSize = options.bufferSize ?? DEFAULT_SUBSCRIBE_BUFFER;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new InvalidArgumentError("options.bufferSize", `must be a positive integer, got ${String(bufferSize)}`);
    if (events !== undefined && (!Array.isArray(events) || events.some((e) => typeof e !== "string" || !e.startsWith("job:")))) {
      throw new InvalidArgumentError("events", 'must be a list of job event names, e.g. ["job:completed", "job:failed"]');
    }
    const stream: JobEventStream = new JobEventStream(events, { bufferSize, logger: this.#logger, onEnd: () => this.#streams.delete(stream) });
    this.#streams.add(stream);
    options.signal?.addEventListener("abort", () => stream.end(), { once: true });
    if (options.signal?.aborted) stream.end();
    return stream;
  }

  /** The client stopped: every subscription ends once its buffer is drained. */
  endSubscriptions(): void {
    for (const stream of [...this.#streams]) stream.end();
  }
}
