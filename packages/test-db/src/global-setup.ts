import { startTestDatabase } from "./database-url.js";

/**
 * vitest globalSetup: starts (or finds) one PostgreSQL for the whole run and hands its URL
 * to every test worker through TEST_DATABASE_URL. Tests isolate themselves by schema.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const db = await startTestDatabase();
  process.env.TEST_DATABASE_URL = db.url;
  return () => db.stop();
}
