// Finds the temp directories of test servers (private clusters, PgBouncers) whose test process died without removing them (a killed run), and stops and deletes them.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The file in a server's directory naming the test process that owns it. */
const OWNER_FILE = "owner.pid";

/** Marks `dir` as owned by this process, so a later run can tell when it was abandoned. */
export function claimDir(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
}

/** Whether a process with this pid exists (of any user). */
export function isProcessAlive(pid: number): boolean {
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
 * `stopServer(dir)` (bounded by the caller; a throw is ignored), then deletes it. A directory
 * with no owner file is left alone: nothing says it is ours to remove. Returns the
 * directories swept; never throws.
 */
export async function sweepAbandonedDirs(prefixes: readonly string[], stopServer: (dir: string) => Promise<void>): Promise<string[]> {
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
    if (!Number.isInteger(owner) || owner <= 0 || isProcessAlive(owner)) continue;
    await stopServer(dir).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    swept.push(dir);
  }
  return swept;
}
