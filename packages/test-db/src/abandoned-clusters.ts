// Stops and deletes private clusters whose test process died without destroying them (a killed run).
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The file in a cluster's directory naming the process that owns it. */
const OWNER_FILE = "owner.pid";

/** Marks `dir` as owned by this process, so a later run can tell when it was abandoned. */
export function claimClusterDir(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, owned by another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * For every directory under the temp dir named `<prefix>…` whose owner process is gone:
 * stops its server (`pg_ctl stop -m immediate`, bounded) and deletes it. A directory with no
 * owner file is left alone: nothing says it is ours to remove. Returns the directories swept;
 * never throws.
 */
export async function sweepAbandonedClusters(prefixes: readonly string[], pgCtl: string): Promise<string[]> {
  const swept: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return swept;
  }
  for (const name of names) {
    if (!prefixes.some((p) => name.startsWith(p))) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), "utf8").trim());
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    const data = join(dir, "data");
    if (existsSync(join(data, "postmaster.pid"))) {
      const args = [pgCtl, "-D", data, "-m", "immediate", "-w", "-t", "10", "stop"];
      const [cmd, argv] = userInfo().uid === 0 ? ["runuser", ["-u", "postgres", "--", ...args]] : [pgCtl, args.slice(1)];
      await run(cmd, argv, { timeout: 15_000 }).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
    swept.push(dir);
  }
  return swept;
}
