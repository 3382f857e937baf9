// `tributary dashboard` through the built binary: prints its URL, serves the dashboard of the schema asked for, stops on Ctrl-C.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { testDatabaseUrl } from "@tributary/test-db";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, testSchema, tributary } from "./support/tributary.js";

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts `tributary dashboard args…` and resolves with the URL it prints. */
function startDashboard(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, "dashboard", "--port", "0", ...args], {
    env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 20 s:\n${out}`)), 20_000);
    const check = () => {
      const url = /dashboard: (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => out });
      }
    };
    child.stdout.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing its URL:\n${out}`));
    });
  });
}

describe("dashboard", () => {
  it("serves the schema's jobs on 127.0.0.1 under --base-path, refuses actions with --read-only, exits 0 on Ctrl-C", async () => {
    const schema = await testSchema("cli_dashboard");
    const { job } = await schema.client.insert("send_invoice", { customer: "ada" });
    const { child, url } = await startDashboard(["--schema", schema.name, "--base-path", "/ops", "--read-only"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ops\/$/);

    const overview = await fetch(url);
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain("default");
    const detail = await fetch(`${url}jobs/${job.id}`);
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain("send_invoice");
    const forged = await fetch(`${url}jobs/${job.id}/cancel`, { method: "POST", headers: { "sec-fetch-site": "same-origin" } });
    expect(forged.status).toBe(405);
    expect((await schema.client.getJob(job.id))?.state).toBe("available");
    expect((await fetch(new URL("/elsewhere", url))).status).toBe(404);

    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  }, 60_000);

  it("an unreachable database is one line on stderr and exit 1, before anything listens", async () => {
    const run = await tributary(["dashboard", "--port", "0"], { env: { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/cannot connect to the database at 127\.0\.0\.1:1\/none/);
  }, 60_000);

  it("a bad --port is usage: exit 2 with the command's help", async () => {
    const run = await tributary(["dashboard", "--port", "http"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--port/);
  }, 30_000);
});
