// A throwaway PostgreSQL cluster that tests may restart, stop and kill (never the shared server).
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { claimDir, sweepAbandonedDirs } from "./abandoned-dirs.js";
import { freePort } from "./database-url.js";

const run = promisify(execFile);

/** A server of our own in a temp dir on a free port, run as the postgres user. */
export interface PrivateCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** The URL of another database on this cluster. */
  urlOf(database: string): string;
  /**
   * `pg_ctl restart -m <mode>`, as a stop and a start (restart has no `-l`, and a server
   * writing to pg_ctl's stdout would hold the pipe open), waiting (bounded) until it accepts
   * connections again.
   */
  restart(mode: "fast" | "immediate"): Promise<void>;
  /** `pg_ctl stop -m fast`: the server is down until `start()`. */
  stopServer(): Promise<void>;
  /** Starts the server again after `stopServer()`. */
  start(): Promise<void>;
  /** Stops the server (immediate) and deletes its directory; never throws. */
  destroy(): Promise<void>;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, "bin", "initdb"))) return join(root, v, "bin");
  throw new Error(`no PostgreSQL server binaries under ${root}`);
}

/** Runs a server binary as the postgres user (PostgreSQL refuses to run as root). */
async function asPostgres(bin: string, args: string[], timeoutMs: number): Promise<void> {
  const asRoot = userInfo().uid === 0;
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  await run(cmd, argv, { timeout: timeoutMs });
}

/** The directory prefix of a private cluster unless the caller names its own. */
export const DEFAULT_CLUSTER_PREFIX = "tributary-cluster-";

/**
 * Starts a new cluster with trust auth on a free port; bounded to about 70 s. First stops
 * and deletes the clusters of this prefix that a killed run left behind (their owner
 * process is gone), so killed runs do not pile up servers.
 */
export async function startPrivateCluster(options: { maxConnections?: number; dirPrefix?: string } = {}): Promise<PrivateCluster> {
  const bin = binDir();
  const prefix = options.dirPrefix ?? DEFAULT_CLUSTER_PREFIX;
  await sweepAbandonedDirs([prefix], async (abandoned) => {
    const data = join(abandoned, "data");
    if (existsSync(join(data, "postmaster.pid"))) await asPostgres(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "-t", "10", "stop"], 15_000);
  });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  claimDir(dir);
  if (userInfo().uid === 0) {
    const { stdout: uid } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(uid.trim()), Number(gid.trim()));
  }
  const data = join(dir, "data");
  const port = await freePort();
  const pgCtl = join(bin, "pg_ctl");
  const serverOptions = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    `-c max_connections=${options.maxConnections ?? 60} -c superuser_reserved_connections=0`,
  ].join(" ");
  const ctl = (args: string[]) => asPostgres(pgCtl, ["-D", data, ...args], 40_000);
  const start = () => ctl(["-o", serverOptions, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"]);
  try {
    await asPostgres(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], 30_000);
    await start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url: urlOf("postgres"),
    urlOf,
    async restart(mode) {
      await ctl(["-m", mode, "-w", "-t", "30", "stop"]);
      await start();
    },
    stopServer: () => ctl(["-m", "fast", "-w", "-t", "30", "stop"]),
    start,
    async destroy() {
      await ctl(["-m", "immediate", "-w", "-t", "30", "stop"]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
