// A LISTEN connection on one pg.Client, so core's own tests can run clients that hear notifications.
import pg from "pg";
import type { Driver, Listener } from "../../src/driver/driver.js";
import { listenSql } from "../../src/driver/listen-sql.js";
import { poolDriver } from "./pg-executor.js";

/** A Listener on its own pg.Client (no reconnect: tests that need one use a real driver). */
export function pgClientListener(url: string): Listener {
  const client = new pg.Client({ connectionString: url });
  const handlers = new Map<string, (payload: string) => void>();
  client.on("notification", (n) => handlers.get(n.channel)?.(n.payload ?? ""));
  client.on("error", () => {});
  let connected: Promise<void> | undefined;
  return {
    connect: () => (connected ??= client.connect().then(() => {})),
    async listen(channel, onNotification) {
      handlers.set(channel, onNotification);
      await client.query(listenSql(channel));
    },
    async unlisten(channel) {
      handlers.delete(channel);
    },
    close: () => client.end(),
  };
}

/** {@link poolDriver} that can also LISTEN. */
export function listeningPoolDriver(pool: pg.Pool, url: string): Driver<never> {
  return { ...poolDriver(pool), listener: () => pgClientListener(url) };
}
