import pg from "pg";

/** Every system's worker pool at `concurrency`: one connection per job plus two, at least 10 (graphile-worker's advice, given to all). */
export function workerPoolSize(concurrency: number): number {
  return Math.max(10, concurrency + 2);
}

/**
 * A node-postgres pool that survives the harness dropping its database: an idle client killed
 * by `DROP DATABASE … WITH (FORCE)` emits 'error', which unhandled would crash the whole run.
 */
export function benchPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {});
  // Same for a checked-out client; its query still rejects, so no failure goes unnoticed.
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}
