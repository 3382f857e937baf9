// One direct connection for LISTEN next to a pooled library: a PgListener on a small pg.Pool, or postgres.js's own listener.
import type { Listener } from "@tributary/core";
import { PgListener } from "@tributary/driver-pg";
import { PostgresjsListener } from "@tributary/driver-postgresjs";
import pg from "pg";
import postgres from "postgres";

/** A listener factory on a direct connection, what it still holds, and closing it. */
export interface DirectListener {
  listener: () => Listener;
  /** Direct connections handed out and not given back (pg only; postgres.js keeps its own). */
  checkedOut(): number;
  close(): Promise<void>;
}

/** The listener an application on `library` would build on a direct URL. */
export function directListener(library: "pg" | "postgres.js", directUrl: string): DirectListener {
  if (library === "pg") {
    const pool = new pg.Pool({ connectionString: directUrl, max: 1 });
    pool.on("error", () => {});
    return {
      listener: () => new PgListener(pool),
      checkedOut: () => pool.totalCount - pool.idleCount,
      close: () => pool.end(),
    };
  }
  const sql = postgres(directUrl, { max: 1, onnotice: () => {} });
  return {
    listener: () => new PostgresjsListener(sql),
    checkedOut: () => 0,
    close: () => sql.end({ timeout: 5 }),
  };
}
