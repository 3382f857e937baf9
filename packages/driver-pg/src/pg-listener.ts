import { type Listener, listenSql, unlistenSql } from "@tributary/core";
import type { PgNotificationLike, PgPoolClientLike, PgPoolLike } from "./pg-types.js";

const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * LISTEN on a connection taken from the pool and kept out of it until `close()`.
 * node-postgres does not reconnect a client whose backend died, so this does: it takes a
 * new connection, LISTENs again on every channel and tells the client to catch up.
 */
export class PgListener implements Listener {
  readonly #pool: PgPoolLike;
  readonly #handlers = new Map<string, (payload: string) => void>();
  readonly #reconnectHandlers: (() => void)[] = [];
  #conn: PgPoolClientLike | undefined;
  #connecting: Promise<void> | undefined;
  #closed = false;

  constructor(pool: PgPoolLike) {
    this.#pool = pool;
  }

  connect(): Promise<void> {
    if (this.#conn) return Promise.resolve();
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<void> {
    const conn = await this.#pool.connect();
    if (this.#closed) {
      conn.release();
      return;
    }
    conn.on("notification", (msg: PgNotificationLike) => {
      this.#handlers.get(msg.channel)?.(msg.payload ?? "");
    });
    conn.on("error", (err: Error) => this.#lost(conn, err));
    conn.on("end", () => this.#lost(conn, new Error("listener connection ended")));
    try {
      for (const channel of this.#handlers.keys()) await conn.query(listenSql(channel));
    } catch (err) {
      // Not kept and not handed back, the connection would be lost to the pool for good.
      conn.removeAllListeners?.("notification");
      conn.release(err as Error);
      throw err;
    }
    this.#conn = conn;
  }

  #lost(conn: PgPoolClientLike, err: Error): void {
    if (this.#conn !== conn) return;
    this.#conn = undefined;
    conn.removeAllListeners?.("notification");
    try {
      conn.release(err);
    } catch {
      // already released by the pool after the error
    }
    if (!this.#closed) void this.#reconnect(0);
  }

  async #reconnect(attempt: number): Promise<void> {
    if (this.#closed) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
    await new Promise((r) => setTimeout(r, delay));
    try {
      await this.connect();
      for (const handler of this.#reconnectHandlers) handler();
    } catch {
      void this.#reconnect(attempt + 1);
    }
  }

  async listen(channel: string, onNotification: (payload: string) => void): Promise<void> {
    const wasListening = this.#handlers.has(channel);
    this.#handlers.set(channel, onNotification);
    try {
      await this.connect();
      await this.#conn?.query(listenSql(channel));
    } catch (err) {
      // A channel the server refused is forgotten: every reconnect would fail on it again.
      if (!wasListening) this.#handlers.delete(channel);
      throw err;
    }
  }

  async unlisten(channel: string): Promise<void> {
    this.#handlers.delete(channel);
    await this.#conn?.query(unlistenSql(channel));
  }

  onReconnect(handler: () => void): void {
    this.#reconnectHandlers.push(handler);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#connecting?.catch(() => {});
    const conn = this.#conn;
    this.#conn = undefined;
    if (!conn) return;
    conn.removeAllListeners?.("notification");
    try {
      await conn.query("UNLISTEN *");
      conn.release();
    } catch (err) {
      conn.release(err as Error);
    }
  }
}

