// queues list / pause / resume and stats (once and --watch) through the built binary, JSON shapes field by field.
import { spawn } from "node:child_process";
import { testDatabaseUrl } from "@tributary/test-db";
import { describe, expect, it } from "vitest";
import { BIN, type TestSchema, testSchema, tributary, tributaryJson } from "./support/tributary.js";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const zeroCounts = { available: 0, cancelled: 0, completed: 0, discarded: 0, pending: 0, retryable: 0, running: 0, scheduled: 0 };

/** Three jobs in `default`, one in `media`, scheduled two minutes ago. */
async function seeded(prefix: string): Promise<TestSchema> {
  const schema = await testSchema(prefix);
  const scheduledAt = new Date(Date.now() - 120_000);
  await schema.client.insertMany([
    ...[1, 2, 3].map((i) => ({ kind: "send_email", args: { i }, opts: { scheduledAt } })),
    { kind: "resize_image", args: {}, opts: { queue: "media", scheduledAt } },
  ]);
  return schema;
}

interface JsonQueue {
  name: string;
  paused: boolean;
  pausedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  metadata: Record<string, unknown>;
  counts: Record<string, number>;
  oldestAvailableAgeMs: number | null;
}

const queues = async (schema: string) => (await tributaryJson<{ queues: JsonQueue[] }>(["queues", "list", "--schema", schema])).queues;

describe("queues", () => {
  it("list --json prints { queues } with every QueueInfo field", async () => {
    const schema = await seeded("cli_queues");
    await schema.sql("UPDATE river_job SET state = 'completed', finalized_at = now() WHERE id = 3");
    const [first, second, ...rest] = await queues(schema.name);
    expect(rest).toEqual([]);
    expect(Object.keys(first!).sort()).toEqual(["counts", "createdAt", "metadata", "name", "oldestAvailableAgeMs", "paused", "pausedAt", "updatedAt"]);
    expect(first).toEqual({
      name: "default",
      paused: false,
      pausedAt: null,
      createdAt: null,
      updatedAt: null,
      metadata: {},
      counts: { ...zeroCounts, available: 2, completed: 1 },
      oldestAvailableAgeMs: expect.any(Number),
    });
    expect(first!.oldestAvailableAgeMs).toBeGreaterThanOrEqual(110_000);
    expect(second).toMatchObject({ name: "media", counts: { ...zeroCounts, available: 1 } });
  });

  it("pause NAME, pause '*', resume: the queues' paused flags, and the table", async () => {
    const schema = await seeded("cli_pause");
    expect(await tributary(["queues", "pause", "media", "--schema", schema.name])).toEqual({ code: 0, stdout: "paused queue media\n", stderr: "" });
    const paused = await queues(schema.name);
    expect(paused.map((q) => [q.name, q.paused])).toEqual([["default", false], ["media", true]]);
    expect(paused[1]!.pausedAt).toMatch(ISO);

    const table = await tributary(["queues", "list", "--schema", schema.name]);
    expect(table.stdout.split("\n")[0]).toBe(
      "QUEUE    PAUSED  AVAILABLE  CANCELLED  COMPLETED  DISCARDED  PENDING  RETRYABLE  RUNNING  SCHEDULED  OLDEST AVAILABLE",
    );
    expect(table.stdout.split("\n")[2]).toMatch(/^media {4}yes {13}1 {10}0 {10}0 {10}0 {8}0 {10}0 {8}0 {10}0 +2m\d\ds$/);

    // As in River, '*' changes the queues that have a river_queue row (resuming `default` gave it one).
    expect((await tributary(["queues", "resume", "default", "--schema", schema.name])).stdout).toBe("resumed queue default\n");
    expect((await tributary(["queues", "pause", "*", "--schema", schema.name])).stdout).toBe("paused every queue\n");
    expect((await queues(schema.name)).every((q) => q.paused)).toBe(true);
    expect((await tributary(["queues", "resume", "*", "--schema", schema.name])).stdout).toBe("resumed every queue\n");
    expect((await queues(schema.name)).some((q) => q.paused)).toBe(false);
  });
});

interface JsonStats {
  now: string;
  leader: { leaderId: string; electedAt: string; expiresAt: string } | null;
  counts: { queue: string; state: string; count: number }[];
  lastMinute: { completed: number; failed: number; discarded: number };
  lastHour: { completed: number; failed: number; discarded: number };
}

/** Jobs finished 20 s and 10 min ago, a failed attempt 30 s ago, and a leader. */
async function withOutcomes(prefix: string): Promise<TestSchema> {
  const schema = await seeded(prefix);
  await schema.sql("UPDATE river_job SET state = 'completed', finalized_at = now() - interval '20 seconds' WHERE id = 1");
  await schema.sql("UPDATE river_job SET state = 'completed', finalized_at = now() - interval '10 minutes' WHERE id = 2");
  await schema.sql(
    `UPDATE river_job SET state = 'retryable', attempt = 1,
       errors = ARRAY[jsonb_build_object('at', now() - interval '30 seconds', 'attempt', 1, 'error', 'boom', 'trace', '')] WHERE id = 3`,
  );
  await schema.sql("INSERT INTO river_leader (leader_id, elected_at, expires_at) VALUES ('worker-host-1', now(), now() + interval '1 minute')");
  return schema;
}

describe("stats", () => {
  it("--json prints { now, leader, counts, lastMinute, lastHour }", async () => {
    const schema = await withOutcomes("cli_stats");
    const stats = await tributaryJson<JsonStats>(["stats", "--schema", schema.name]);
    expect(Object.keys(stats).sort()).toEqual(["counts", "lastHour", "lastMinute", "leader", "now"]);
    expect(stats.now).toMatch(ISO);
    expect(stats.leader).toEqual({ leaderId: "worker-host-1", electedAt: expect.stringMatching(ISO), expiresAt: expect.stringMatching(ISO) });
    expect(stats.counts).toEqual(
      expect.arrayContaining([
        { queue: "default", state: "completed", count: 2 },
        { queue: "default", state: "retryable", count: 1 },
        { queue: "media", state: "available", count: 1 },
      ]),
    );
    expect(stats.counts).toHaveLength(3);
    expect(stats.lastMinute).toEqual({ completed: 1, failed: 1, discarded: 0 });
    expect(stats.lastHour).toEqual({ completed: 2, failed: 1, discarded: 0 });
  });

  it("prints the leader, the two windows and a queue × state table; 'none' when nobody leads", async () => {
    const schema = await withOutcomes("cli_stats_text");
    const run = await tributary(["stats", "--schema", schema.name]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^leader {7}worker-host-1 \(since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)$/);
    expect(lines.slice(1, 3)).toEqual(["last minute  1 completed, 1 failed attempts, 0 discarded", "last hour    2 completed, 1 failed attempts, 0 discarded"]);
    expect(lines.slice(4)).toEqual([
      "QUEUE    AVAILABLE  CANCELLED  COMPLETED  DISCARDED  PENDING  RETRYABLE  RUNNING  SCHEDULED",
      "default          0          0          2          0        0          1        0          0",
      "media            1          0          0          0        0          0        0          0",
      "",
    ]);
    await schema.sql("DELETE FROM river_leader");
    expect((await tributary(["stats", "--schema", schema.name])).stdout.split("\n")[0]).toBe("leader       none");
  });

  it("--watch --json prints one document per refresh and stops cleanly on Ctrl-C (exit 0)", async () => {
    const schema = await seeded("cli_watch");
    const child = spawn(process.execPath, [BIN, "stats", "--watch", "--json", "--interval", "1", "--schema", schema.name], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.split("\n").length > 2) resolve();
      });
    });
    // A change between refreshes shows in the next document.
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    const docs = stdout.trim().split("\n").map((line) => JSON.parse(line) as JsonStats);
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const doc of docs) expect(doc.counts).toEqual(expect.arrayContaining([{ queue: "default", state: "available", count: 3 }]));
    expect(stderr).toContain("stopping after the current step");
  });
});
