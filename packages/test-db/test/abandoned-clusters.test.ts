// A private cluster whose test process was killed is stopped and deleted by the next run's startPrivateCluster.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isProcessAlive } from "../src/abandoned-dirs.js";
import { startPrivateCluster } from "../src/private-cluster.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/start-cluster-and-hang.ts", import.meta.url));

/** Runs the fixture until it has started its cluster, then SIGKILLs it (no cleanup can run). */
async function killedRunWithCluster(prefix: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, prefix], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the fixture did not start its cluster within 60 s")), 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes('"url"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`the fixture exited with ${code} before starting its cluster`)));
  });
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

const dirsOf = (prefix: string) => readdirSync(tmpdir()).filter((n) => n.startsWith(prefix)).map((n) => join(tmpdir(), n));

describe("private clusters left by a killed run", () => {
  it("are stopped and deleted when the next cluster of the same prefix starts; live ones are kept", async () => {
    const prefix = `tributary-sweeptest-${randomBytes(3).toString("hex")}-`;
    await killedRunWithCluster(prefix);
    const [abandoned] = dirsOf(prefix);
    expect(abandoned).toBeDefined();
    const postmaster = Number(readFileSync(join(abandoned!, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    // The leak this guards against: the killed run's server is still up.
    expect(isProcessAlive(postmaster)).toBe(true);

    const next = await startPrivateCluster({ dirPrefix: prefix });
    try {
      expect(existsSync(abandoned!)).toBe(false);
      await expect.poll(() => isProcessAlive(postmaster), { timeout: 10_000 }).toBe(false);
      // The new cluster (its owner, this process, is alive) is not swept by another start.
      const second = await startPrivateCluster({ dirPrefix: prefix });
      expect(dirsOf(prefix)).toHaveLength(2);
      await second.destroy();
    } finally {
      await next.destroy();
    }
    expect(dirsOf(prefix)).toHaveLength(0);
  }, 120_000);
});
