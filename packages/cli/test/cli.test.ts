// The command as a whole: version, help, exit codes for bad usage (2) and for a missing or unreachable database (1), colours.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tributary } from "./support/tributary.js";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string; bin: Record<string, string> };

describe("tributary", () => {
  it("--version prints the package's version; --help lists the command groups (exit 0)", async () => {
    expect(await tributary(["--version"])).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
    const help = await tributary(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["migrate", "jobs", "queues", "stats", "dashboard"]) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(manifest.bin).toEqual({ tributary: "./dist/esm/bin.js" });
  });

  it("exits 2 with help for an unknown command, an unknown option, or a group without its command", async () => {
    const unknown = await tributary(["jobz"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'jobz'");
    expect(unknown.stderr).toContain("Usage: tributary [options] [command]");
    const option = await tributary(["jobs", "list", "--colour"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("error: unknown option '--colour'");
    const group = await tributary(["queues"]);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain("Usage: tributary queues [options] [command]");
  });

  it("exits 2 with help for values only core can judge: a malformed cursor, a bad schema name", async () => {
    const cursor = await tributary(["jobs", "list", "--cursor", "not-a-cursor"]);
    expect(cursor.code).toBe(2);
    expect(cursor.stderr).toMatch(/^error: .*cursor/);
    expect(cursor.stderr).toContain("Usage: tributary jobs list [options]");
    const schema = await tributary(["migrate", "status", "--schema", ""]);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toContain("Usage: tributary migrate status [options]");
  });

  it("without a database URL: one line on stderr, exit 1", async () => {
    const run = await tributary(["queues", "list"], { env: { DATABASE_URL: undefined } });
    expect(run).toEqual({ code: 1, stdout: "", stderr: "tributary: no database: pass --database-url or set DATABASE_URL\n" });
  });

  it("with an unreachable database: one line naming where (never the password), no stack trace, exit 1", async () => {
    for (const command of [["migrate", "up"], ["migrate", "status"], ["jobs", "list"], ["queues", "list"], ["stats"]]) {
      const run = await tributary([...command, "--database-url", "postgres://app:secret@127.0.0.1:1/app"]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe("tributary: cannot connect to the database at 127.0.0.1:1/app: connect ECONNREFUSED 127.0.0.1:1\n");
    }
  });

  it("prints no colour codes without a TTY, even when FORCE_COLOR is set", async () => {
    const run = await tributary(["migrate", "status", "--database-url", "postgres://127.0.0.1:1/x"], { env: { FORCE_COLOR: "1" } });
    expect(run.stderr).not.toContain("\x1b[");
  });
});
