import { type Listener, listenSql } from "@tributary/core";
import type { PgliteLike } from "./drizzle-types.js";

/** A PGlite instance that can LISTEN. */
export type PgliteListenable = PgliteLike & Required<Pick<PgliteLike, "listen" | "unlisten">>;

/**
 * The quoted form of a channel name. PGlite puts the name verbatim into `LISTEN`, so a dotted
 * name (`<schema>.river_insert`) must arrive quoted; core's `listenSql` owns the quoting.
 */
function quotedChannel(channel: string): string {
  return listenSql(channel).slice("LISTEN ".length);
}

/**
 * LISTEN on a PGlite instance. PGlite is one in-process connection, so there is no connection
 * to dedicate or lose: notifications arrive on the instance itself.
 */
export class PgliteListener implements Listener {
  readonly #pglite: PgliteListenable;
  readonly #handlers = new Map<string, (payload: string) => void>();
  readonly #callbacks = new Map<string, (payload: string) => void>();

  constructor(pglite: PgliteListenable) {
    this.#pglite = pglite;
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  async listen(channel: string, onNotification: (payload: string) => void): Promise<void> {
    this.#handlers.set(channel, onNotification);
    if (this.#callbacks.has(channel)) return;
    const callback = (payload: string): void => this.#handlers.get(channel)?.(payload);
    this.#callbacks.set(channel, callback);
    try {
      await this.#pglite.listen(quotedChannel(channel), callback);
    } catch (err) {
      this.#callbacks.delete(channel);
      throw err;
    }
  }

  async unlisten(channel: string): Promise<void> {
    this.#handlers.delete(channel);
    const callback = this.#callbacks.get(channel);
    if (!callback) return;
    this.#callbacks.delete(channel);
    // Not the function `listen` resolved to: PGlite 0.5's unsubscribe sends the unquoted name
    // to UNLISTEN, a syntax error for a dotted channel.
    await this.#pglite.unlisten(quotedChannel(channel), callback);
  }

  async close(): Promise<void> {
    // A PGlite closed before the client stopped has nothing left to UNLISTEN.
    if (this.#pglite.closed) {
      this.#callbacks.clear();
      this.#handlers.clear();
      return;
    }
    await Promise.all([...this.#callbacks.keys()].map((channel) => this.unlisten(channel)));
  }
}
