// A PgBouncer of the test's own in front of a private cluster: started as the postgres user, stopped within seconds, swept by the next start if its run was killed.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { claimDir, freePort, sweepAbandonedDirs } from "@tributary/test-db";
import pg from "pg";

const PGBOUNCER = "/usr/sbin/pgbouncer";
/** The temp-directory prefix of every PgBouncer this suite starts. */
export const PGBOUNCER_DIR_PREFIX = "tributary-pgbouncer-";
/** The file in a PgBouncer's directory holding its process id. */
const PID_FILE = "pgbouncer.pid";

/** How PgBouncer gives server connections to clients. */
export type PoolMode = "transaction" | "session";

/** Options of {@link startPgBouncer}. */
export interface PgBouncerOptions {
  /** Port of the PostgreSQL server on 127.0.0.1 to pool. */
  serverPort: number;
  poolMode: PoolMode;
  /** Server connections per database/user pair (`default_pool_size`). */
  poolSize: number;
}

/** One row of `SHOW STATS` (the counters this suite reads), for one database. */
export interface PgBouncerStats {
  database: string;
  totalXactCount: number;
  totalQueryCount: number;
}

/** Runs `command` on a PgBouncer admin console (database `pgbouncer`; simple protocol only). */
export async function pgbouncerAdmin(adminUrl: string, command: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query(command)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** `SHOW STATS` of `database` on the PgBouncer whose admin console is `adminUrl`. */
export async function pgbouncerStats(adminUrl: string, database: string): Promise<PgBouncerStats> {
  const row = (await pgbouncerAdmin(adminUrl, "SHOW STATS")).find((r) => r.database === database);
  // A database of the `*` entry has no row until its first client connects.
  if (!row) return { database, totalXactCount: 0, totalQueryCount: 0 };
  return { database, totalXactCount: Number(row.total_xact_count), totalQueryCount: Number(row.total_query_count) };
}

/** A running PgBouncer. */
export interface PgBouncer {
  readonly port: number;
  readonly poolSize: number;
  /** A URL of `database` through the pooler. */
  urlOf(database: string): string;
  /** Runs a command on the admin console (database `pgbouncer`, simple protocol only). */
  admin(command: string): Promise<Record<string, unknown>[]>;
  /** `SHOW STATS` for `database`. */
  stats(database: string): Promise<PgBouncerStats>;
  /** The log so far (for failure messages). */
  log(): string;
  /** SIGTERM (immediate shutdown), SIGKILL after 5 s; deletes its directory; never throws. */
  stop(): Promise<void>;
}

function postgresIds(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

function config(dir: string, port: number, o: PgBouncerOptions): string {
  return [
    "[databases]",
    `* = host=127.0.0.1 port=${o.serverPort}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    `unix_socket_dir = ${dir}`,
    "auth_type = trust",
    `auth_file = ${join(dir, "userlist.txt")}`,
    "admin_users = postgres",
    "stats_users = postgres",
    `pool_mode = ${o.poolMode}`,
    `default_pool_size = ${o.poolSize}`,
    "min_pool_size = 0",
    "reserve_pool_size = 0",
    "max_client_conn = 500",
    // postgres.js and pg send these; PgBouncer refuses unknown startup parameters otherwise.
    "ignore_startup_parameters = extra_float_digits,options",
    "server_reset_query = DISCARD ALL",
    `logfile = ${join(dir, "pgbouncer.log")}`,
    "log_connections = 0",
    "log_disconnections = 0",
    "",
  ].join("\n");
}

async function waitUntilAnswering(b: PgBouncer, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}:\n${b.log()}`);
    try {
      await b.admin("SHOW VERSION");
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`pgbouncer did not answer within ${timeoutMs} ms (${String(last)}):\n${b.log()}`);
}

/**
 * Stops the PgBouncer a killed run left in `dir`: its child is not killed with its parent, and
 * would keep its port and its server connections. The pid is only signalled while it is still
 * that PgBouncer (its command line names this directory's ini), never a process that reused it.
 */
async function stopAbandonedPgBouncer(dir: string): Promise<void> {
  const pid = Number(readFileSync(join(dir, PID_FILE), "utf8").trim());
  const isThatPgBouncer = () => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(join(dir, "pgbouncer.ini"));
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 0 || !isThatPgBouncer()) return;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 5_000;
  // A process that exited has no command line left (a zombie's is empty): that ends the wait.
  while (isThatPgBouncer() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isThatPgBouncer()) process.kill(pid, "SIGKILL");
}

/**
 * Starts PgBouncer 1.18 (Debian's) on a free port, as the postgres user when run as root (it
 * refuses root). First stops and deletes the PgBouncers whose test process was killed.
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  if (!existsSync(PGBOUNCER)) throw new Error(`no PgBouncer at ${PGBOUNCER}: install it (apt-get install pgbouncer)`);
  await sweepAbandonedDirs([PGBOUNCER_DIR_PREFIX], stopAbandonedPgBouncer);
  const dir = mkdtempSync(join(tmpdir(), PGBOUNCER_DIR_PREFIX));
  claimDir(dir);
  const ids = postgresIds();
  const port = await freePort();
  writeFileSync(join(dir, "userlist.txt"), '"postgres" ""\n');
  writeFileSync(join(dir, "pgbouncer.ini"), config(dir, port, options));
  if (ids) for (const f of ["", "userlist.txt", "pgbouncer.ini"]) chownSync(join(dir, f), ids.uid, ids.gid);
  const child = spawn(PGBOUNCER, [join(dir, "pgbouncer.ini")], {
    stdio: ["ignore", "ignore", "pipe"],
    ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
  });
  if (child.pid !== undefined) writeFileSync(join(dir, PID_FILE), String(child.pid));
  let stderr = "";
  child.on("error", (err) => {
    stderr += `could not run ${PGBOUNCER}: ${err.message}\n`;
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const bouncer: PgBouncer = {
    port,
    poolSize: options.poolSize,
    urlOf,
    admin: (command) => pgbouncerAdmin(urlOf("pgbouncer"), command),
    stats: (database) => pgbouncerStats(urlOf("pgbouncer"), database),
    log() {
      let file = "";
      try {
        file = readFileSync(join(dir, "pgbouncer.log"), "utf8");
      } catch {
        // not written yet
      }
      return `${stderr}${file}`;
    },
    async stop() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killed = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(killed);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilAnswering(bouncer, child, 10_000);
  } catch (err) {
    await bouncer.stop();
    throw err;
  }
  return bouncer;
}
