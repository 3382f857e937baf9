// On a terminal (a pseudo-terminal from util-linux's `script`): the bulk confirmation question, colours and NO_COLOR; Ctrl-C between batches.
import { execFile, spawn } from "node:child_process";
import { testDatabaseUrl } from "@tributary/test-db";
import { describe, expect, it } from "vitest";
import { BIN, testSchema } from "./support/tributary.js";

/** Runs `tributary args…` under a pseudo-terminal, typing `input`; resolves to its exit code and what the terminal showed. */
function onTerminal(args: string[], input: string, env: Record<string, string> = {}): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = execFile("script", ["-qec", command, "/dev/null"], { env: { ...process.env, DATABASE_URL: testDatabaseUrl(), ...env } }, (error, stdout) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve({ code: error ? (error.code as number) : 0, screen: stdout });
    });
    // Typed after the question is up: a terminal discards nothing, but the answer must not be read before it is asked.
    setTimeout(() => child.stdin?.end(input), 1500);
  });
}

describe("on a terminal", () => {
  it("asks before a bulk change: 'n' changes nothing (exit 1), 'y' does it", async () => {
    const schema = await testSchema("cli_tty_confirm");
    await schema.client.insertMany([1, 2, 3].map((i) => ({ kind: "k", args: { i }, opts: { queue: "media" } })));
    const no = await onTerminal(["jobs", "delete", "--queue", "media", "--schema", schema.name], "n\n");
    expect(no.screen).toContain("delete 3 jobs? [y/N]");
    expect(no.screen).toContain("nothing was changed");
    expect(no.code).toBe(1);
    expect(await schema.client.countJobs({})).toBe(3);

    const yes = await onTerminal(["jobs", "delete", "--queue", "media", "--schema", schema.name], "y\n");
    expect(yes.code).toBe(0);
    expect(yes.screen).toContain("deleted 3 of 3 matching jobs");
    expect(await schema.client.countJobs({})).toBe(0);
  });

  it("colours on a terminal, none with NO_COLOR", async () => {
    const schema = await testSchema("cli_tty_colour");
    await schema.client.insert("k", {});
    const coloured = await onTerminal(["jobs", "list", "--schema", schema.name], "", { NO_COLOR: "" });
    expect(coloured.screen).toContain("\x1b[1mID");
    const plain = await onTerminal(["jobs", "list", "--schema", schema.name], "", { NO_COLOR: "1" });
    expect(plain.code).toBe(0);
    expect(plain.screen).toContain("ID  KIND");
    expect(plain.screen).not.toContain("\x1b[");
  });

  it("draws a progress bar on stderr for a change larger than one batch", async () => {
    const schema = await testSchema("cli_tty_progress");
    await schema.client.insertMany(Array.from({ length: 2500 }, (_, i) => ({ kind: "k", args: { i } })));
    const run = await onTerminal(["jobs", "cancel", "--kind", "k", "--yes", "--schema", schema.name], "");
    expect(run.code).toBe(0);
    expect(run.screen).toContain("2500/2500 jobs 100%");
    expect(run.screen).toContain("cancelled 2500 of 2500 matching jobs");
  });
});

describe("Ctrl-C during a bulk change", () => {
  it("stops after the current batch: whole batches done, the rest untouched, exit 130", async () => {
    const schema = await testSchema("cli_interrupt");
    const total = 30_000;
    for (let from = 0; from < total; from += 5000) {
      await schema.client.insertMany(Array.from({ length: 5000 }, (_, i) => ({ kind: "k", args: { i: from + i } })));
    }
    const child = spawn(process.execPath, [BIN, "jobs", "cancel", "--kind", "k", "--yes", "--json", "--schema", schema.name], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Interrupt once the first batch has committed.
    while ((await schema.client.countJobs({ states: ["cancelled"] })) === 0) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGINT");
    const code = await exited;
    const out = JSON.parse(stdout) as { action: string; matched: number; count: number; interrupted: boolean };
    const cancelled = await schema.client.countJobs({ states: ["cancelled"] });
    expect(out).toEqual({ action: "cancel", matched: total, count: cancelled, interrupted: true });
    expect(code).toBe(130);
    expect(cancelled % 1000).toBe(0);
    expect(cancelled).toBeLessThan(total);
    expect(await schema.client.countJobs({ states: ["available"] })).toBe(total - cancelled);
  });
});
