import { randomBytes } from "node:crypto";
import pg from "pg";

/** A database created for one run of one system, dropped by `drop()`. */
export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates `bench_<system>_<random>` on the server of `adminUrl`, so each run starts from an
 * empty database and no run sees another's tables, bloat or statistics.
 */
export async function createBenchDatabase(adminUrl: string, systemId: string): Promise<BenchDatabase> {
  const name = `bench_${systemId.toLowerCase().replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: a system that failed mid-run may still hold connections.
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** The server's version string, for the results file. */
export async function serverVersion(adminUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return rows[0]?.v ?? "unknown";
  } finally {
    await client.end();
  }
}
