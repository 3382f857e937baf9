// A PgBouncer whose test process was killed is stopped and its directory deleted by the next startPgBouncer.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isProcessAlive } from "@tributary/test-db";
import { describe, expect, it } from "vitest";
import { PGBOUNCER_DIR_PREFIX, pgbouncerAdmin, startPgBouncer } from "./support/pgbouncer.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/start-pgbouncer-and-hang.ts", import.meta.url));
// PgBouncer connects to its server lazily: this one never does.
const UNUSED_SERVER_PORT = 1;

/** Runs the fixture until its PgBouncer answers, then SIGKILLs it (no cleanup can run); returns that PgBouncer's port. */
async function killedRunWithPgBouncer(): Promise<number> {
  const child = spawn(process.execPath, ["--conditions=@tributary/source", "--import", "tsx", FIXTURE, String(UNUSED_SERVER_PORT)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the fixture did not start its PgBouncer within 30 s")), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      const line = /\{"port":\d+\}/.exec(chunk.toString());
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line[0]) as { port: number }).port);
      }
    });
    child.on("exit", (code) => reject(new Error(`the fixture exited with ${code} before starting its PgBouncer`)));
  });
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  return port;
}

const dirsNamingPort = (port: number) =>
  readdirSync(tmpdir())
    .filter((n) => n.startsWith(PGBOUNCER_DIR_PREFIX))
    .map((n) => join(tmpdir(), n))
    .filter((dir) => {
      try {
        return readFileSync(join(dir, "pgbouncer.ini"), "utf8").includes(`listen_port = ${port}\n`);
      } catch {
        return false;
      }
    });

describe("a PgBouncer left by a killed run", () => {
  it("is stopped and its directory deleted when the next PgBouncer starts; a live one is kept", async () => {
    const port = await killedRunWithPgBouncer();
    const [abandoned] = dirsNamingPort(port);
    expect(abandoned).toBeDefined();
    const pid = Number(readFileSync(join(abandoned!, "pgbouncer.pid"), "utf8"));
    // The leak this guards against: the killed run's PgBouncer still answers on its port.
    expect(isProcessAlive(pid)).toBe(true);
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/pgbouncer`;
    await expect(pgbouncerAdmin(adminUrl, "SHOW VERSION")).resolves.toHaveLength(1);

    const next = await startPgBouncer({ serverPort: UNUSED_SERVER_PORT, poolMode: "session", poolSize: 1 });
    try {
      expect(dirsNamingPort(port)).toEqual([]);
      // Its port no longer answers (its process may linger as a zombie until its new parent reaps it).
      await expect(pgbouncerAdmin(adminUrl, "SHOW VERSION")).rejects.toThrow();
      // The new PgBouncer (its owner, this process, is alive) is not swept by another start.
      const second = await startPgBouncer({ serverPort: UNUSED_SERVER_PORT, poolMode: "session", poolSize: 1 });
      await second.stop();
      await expect(next.admin("SHOW VERSION")).resolves.toHaveLength(1);
    } finally {
      await next.stop();
    }
  }, 60_000);
});
