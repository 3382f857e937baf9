/** The one LISTEN connection of a client, dispatching River's notifications by topic. */
import type { Listener } from "../driver/driver.js";
import type { Logger } from "../base/logger.js";
import { channelName, type NotificationTopic as Topic, type SchemaTables } from "../sql/schema-tables.js";

/**
 * One LISTEN connection shared by a client's producers, its elector and its cancel
 * handling. Payloads are parsed JSON; malformed ones are logged and dropped.
 */
export class Notifier {
  readonly #listener: Listener;
  readonly #tables: SchemaTables;
  readonly #logger: Logger;
  readonly #handlers = new Map<Topic, ((payload: Record<string, unknown>) => void)[]>();
  readonly #reconnectHandlers: (() => void)[] = [];

  constructor(listener: Listener, tables: SchemaTables, logger: Logger) {
    this.#listener = listener;
    this.#tables = tables;
    this.#logger = logger;
    listener.onReconnect?.(() => {
      this.#logger.info({}, "listener reconnected; catching up");
      for (const h of this.#reconnectHandlers) h();
    });
  }

  on(topic: Topic, handler: (payload: Record<string, unknown>) => void): void {
    const list = this.#handlers.get(topic) ?? [];
    list.push(handler);
    this.#handlers.set(topic, list);
  }

  /** Called after a lost connection is back, when notifications may have been missed. */
  onReconnect(handler: () => void): void {
    this.#reconnectHandlers.push(handler);
  }

  async start(): Promise<void> {
    await this.#listener.connect();
    for (const topic of this.#handlers.keys()) {
      await this.#listener.listen(channelName(this.#tables.schema, topic), (payload) => this.#dispatch(topic, payload));
    }
  }

  #dispatch(topic: Topic, payload: string): void {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      this.#logger.warn({ topic, payload }, "ignoring a malformed notification");
      return;
    }
    for (const handler of this.#handlers.get(topic) ?? []) handler(parsed);
  }

  async stop(): Promise<void> {
    await this.#listener.close();
  }
}
