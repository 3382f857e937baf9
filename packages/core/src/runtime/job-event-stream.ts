/** `client.subscribe()`: job events as an async iterator, buffered without ever blocking a worker. */
import type { Logger } from "../base/logger.js";
import type { ClientEvents } from "./client-events.js";

/** The names of the job events (`job:completed`, …). */
export type JobEventName = Extract<keyof ClientEvents, `job:${string}`>;

/** One event as a subscription delivers it: its name and its payload. */
export type SubscribedJobEvent = { [E in JobEventName]: { name: E } & ClientEvents[E][0] }[JobEventName];

/** Options of `client.subscribe`. */
export interface SubscribeOptions {
  /** Events held for a slow consumer; past it the oldest is dropped (one warning). Default 1,000. */
  bufferSize?: number;
  /** Ends the subscription when aborted. */
  signal?: AbortSignal;
}

/**
 * One subscription: events are pushed as they are emitted (after their outcome commits) and
 * pulled by `for await`. A full buffer drops its oldest event, with one warning per
 * subscription, so workers never wait for a consumer. `end()` (the client stopped, or the
 * signal aborted) finishes the iteration once the buffer is drained.
 */
export class JobEventStream implements AsyncIterableIterator<SubscribedJobEvent> {
  readonly #names: ReadonlySet<string> | null;
  readonly #bufferSize: number;
  readonly #logger: Logger;
  readonly #buffer: SubscribedJobEvent[] = [];
  #waiting: ((result: IteratorResult<SubscribedJobEvent>) => void) | undefined;
  #ended = false;
  #warned = false;
  readonly #onEnd: () => void;

  constructor(names: readonly JobEventName[] | undefined, options: { bufferSize: number; logger: Logger; onEnd: () => void }) {
    this.#names = names === undefined ? null : new Set(names);
    this.#bufferSize = options.bufferSize;
    this.#logger = options.logger;
    this.#onEnd = options.onEnd;
  }

  /** Delivers `event` if this subscription wants it. */
  push(event: SubscribedJobEvent): void {
    if (this.#ended || (this.#names !== null && !this.#names.has(event.name))) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = undefined;
      resolve({ value: event, done: false });
      return;
    }
    if (this.#buffer.length >= this.#bufferSize) {
      this.#buffer.shift();
      if (!this.#warned) {
        this.#warned = true;
        this.#logger.warn({ bufferSize: this.#bufferSize }, "a job event subscriber is too slow; dropping its oldest events");
      }
    }
    this.#buffer.push(event);
  }

  /** No more events: the iteration ends once the buffer is drained. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onEnd();
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<SubscribedJobEvent>> {
    const event = this.#buffer.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<SubscribedJobEvent>> {
    this.#buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
