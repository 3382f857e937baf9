import type { Listener } from "@tributary/core";
import type { PostgresjsListenMetaLike, PostgresjsSqlLike } from "./postgresjs-types.js";

/** How long after a re-LISTEN further re-LISTENs count as the same reconnect. */
const RECONNECT_COALESCE_MS = 50;

/** One `sql.listen` registration; a registration that is no longer current ignores notifications. */
interface Registration {
  meta: PostgresjsListenMetaLike | undefined;
}

/**
 * LISTEN through postgres.js's own `sql.listen`, which keeps one connection for all channels,
 * quotes channel names itself and re-LISTENs by itself after that connection drops. Every
 * `onlisten` callback after the first of a registration is such a re-LISTEN: that is when
 * the client is told to catch up.
 */
export class PostgresjsListener implements Listener {
  readonly #sql: PostgresjsSqlLike;
  readonly #handlers = new Map<string, (payload: string) => void>();
  readonly #registrations = new Map<string, Registration>();
  readonly #reconnectHandlers: (() => void)[] = [];
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(sql: PostgresjsSqlLike) {
    this.#sql = sql;
  }

  /** postgres.js opens its listen connection on the first `listen()`; nothing to do before. */
  connect(): Promise<void> {
    return Promise.resolve();
  }

  async listen(channel: string, onNotification: (payload: string) => void): Promise<void> {
    this.#handlers.set(channel, onNotification);
    if (this.#registrations.has(channel)) return;
    const registration: Registration = { meta: undefined };
    this.#registrations.set(channel, registration);
    let listens = 0;
    try {
      registration.meta = await this.#sql.listen(
        channel,
        (payload) => {
          // After a reconnect postgres.js's unlisten() no longer finds the listener it
          // replaced, so a registration we dropped may still be called: ignore it.
          if (this.#registrations.get(channel) === registration) this.#handlers.get(channel)?.(payload);
        },
        () => {
          listens += 1;
          if (listens > 1 && this.#registrations.get(channel) === registration) this.#reconnected();
        },
      );
    } catch (err) {
      if (this.#registrations.get(channel) === registration) this.#registrations.delete(channel);
      throw err;
    }
  }

  async unlisten(channel: string): Promise<void> {
    this.#handlers.delete(channel);
    const registration = this.#registrations.get(channel);
    this.#registrations.delete(channel);
    await registration?.meta?.unlisten();
  }

  onReconnect(handler: () => void): void {
    this.#reconnectHandlers.push(handler);
  }

  /** Unlistens every channel; the connection itself belongs to the user's `sql` and closes with `sql.end()`. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const channels = [...this.#registrations.keys()];
    await Promise.allSettled(channels.map((channel) => this.unlisten(channel)));
  }

  /** Every channel re-LISTENs after one reconnect: tell the handlers once. */
  #reconnected(): void {
    if (this.#closed || this.#reconnectTimer) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#closed) return;
      for (const handler of this.#reconnectHandlers) handler();
    }, RECONNECT_COALESCE_MS);
    this.#reconnectTimer.unref?.();
  }
}
