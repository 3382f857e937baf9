import { createHash } from "node:crypto";
import {
  Client,
  DuplicateJobError,
  InvalidArgumentError,
  isTributaryError,
  migrate,
  type InsertOpts,
} from "@tributary/core";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";

let ctx: PgTestContext;
let client: Client<pg.PoolClient>;
let table: string;

beforeAll(async () => {
  ctx = await pgTestContext("insert");
  await migrate(ctx.driver, { schema: ctx.schema.name });
  client = new Client({ driver: ctx.driver, schema: ctx.schema.name });
  table = `"${ctx.schema.name}".river_job`;
});
afterAll(async () => {
  await client.stop();
  await ctx.close();
});
beforeEach(async () => {
  await ctx.pool.query(`TRUNCATE ${table}`);
});

async function countJobs(where = "true", params: unknown[] = []): Promise<number> {
  const r = await ctx.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r.rows[0].n;
}

/** A LISTEN connection collecting payloads on `<schema>.river_insert`. */
async function listenInserts(): Promise<{ payloads: string[]; close(): Promise<void> }> {
  const conn = new pg.Client({ connectionString: ctx.schema.url });
  await conn.connect();
  const payloads: string[] = [];
  conn.on("notification", (m) => payloads.push(m.payload ?? ""));
  await conn.query(`LISTEN "${ctx.schema.name}.river_insert"`);
  return { payloads, close: () => conn.end() };
}

const settle = () => new Promise((r) => setTimeout(r, 150));

describe("insert", () => {
  it("inserts a job with River's defaults", async () => {
    const { job, skipped } = await client.insert("email", { to: "a@example.com" });
    expect(skipped).toBe(false);
    expect(job).toMatchObject({
      kind: "email",
      args: { to: "a@example.com" },
      state: "available",
      queue: "default",
      priority: 1,
      maxAttempts: 25,
      attempt: 0,
      attemptedBy: [],
      errors: [],
      tags: [],
      metadata: {},
      uniqueKey: null,
      finalizedAt: null,
    });
    expect(job.id).toMatch(/^\d+$/);
    expect(job.createdAt).toBeInstanceOf(Date);
    expect(await client.getJob(job.id)).toEqual(job);
  });

  it("applies every option", async () => {
    const at = new Date(Date.now() + 3_600_000);
    const { job } = await client.insert(
      "report",
      { n: 1 },
      { queue: "reports", priority: 3, maxAttempts: 4, scheduledAt: at, tags: ["tag_1", "a-b"], metadata: { m: true } },
    );
    expect(job).toMatchObject({ queue: "reports", priority: 3, maxAttempts: 4, state: "scheduled", tags: ["tag_1", "a-b"], metadata: { m: true } });
    expect(job.scheduledAt.getTime()).toBe(at.getTime());
  });

  it("a past scheduledAt inserts an available job", async () => {
    const { job } = await client.insert("x", {}, { scheduledAt: new Date(Date.now() - 60_000) });
    expect(job.state).toBe("available");
  });

  it("insertTx rolled back leaves no row and delivers no notification", async () => {
    const listener = await listenInserts();
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      const { job } = await client.insertTx(conn, "email", { to: "rollback@example.com" });
      expect(job.state).toBe("available");
      await conn.query("ROLLBACK");
    } finally {
      conn.release();
    }
    await settle();
    expect(await countJobs()).toBe(0);
    expect(listener.payloads).toEqual([]);
    await listener.close();
  });

  it("insertTx committed leaves the row and one notification with the queue", async () => {
    const listener = await listenInserts();
    await new Promise((r) => setTimeout(r, 20)); // outside the insert-notify window of earlier inserts
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      await conn.query(`CREATE TEMP TABLE orders (id int) ON COMMIT DROP`);
      await conn.query(`INSERT INTO orders VALUES (1)`);
      await client.insertTx(conn, "email", { to: "commit@example.com" }, { queue: "mail" });
      await settle();
      expect(listener.payloads).toEqual([]); // not before commit
      await conn.query("COMMIT");
    } finally {
      conn.release();
    }
    await settle();
    expect(await countJobs("queue = 'mail'")).toBe(1);
    expect(listener.payloads.map((p) => JSON.parse(p))).toEqual([{ queue: "mail" }]);
    await listener.close();
  });

  it("a single insert and a batch notify with the bytes River's Go client writes", async () => {
    // One row notifies with a payload built in TypeScript, a batch with one built in SQL:
    // River's listeners and River UI see the same bytes from both.
    const listener = await listenInserts();
    await client.insert("a", {}, { queue: "bytes-one" });
    await client.insertMany([
      { kind: "b", args: {}, opts: { queue: "bytes-many" } },
      { kind: "b", args: {}, opts: { queue: "bytes-many" } },
    ]);
    await settle();
    expect([...listener.payloads].sort()).toEqual(['{"queue": "bytes-many"}', '{"queue": "bytes-one"}']);
    await listener.close();
  });

  it("a notification held back by the per-queue window is sent when the client stops", async () => {
    const listener = await listenInserts();
    const windowed = new Client({ driver: ctx.driver, schema: ctx.schema.name, insertNotifyWindow: 60_000 });
    await windowed.insert("a", {}, { queue: "windowed" }); // notifies
    await windowed.insert("b", {}, { queue: "windowed" }); // inside the window: held back
    await settle();
    expect(listener.payloads.map((p) => JSON.parse(p))).toEqual([{ queue: "windowed" }]);
    await windowed.stop();
    await settle();
    expect(listener.payloads.map((p) => JSON.parse(p))).toEqual([{ queue: "windowed" }, { queue: "windowed" }]);
    await listener.close();
  });

  it("insertTx refuses something that is not a transaction", async () => {
    const conn = await ctx.pool.connect();
    try {
      // No BEGIN: the insert would silently autocommit.
      await expect(client.insertTx(conn, "email", {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
      await expect(client.insertTx(ctx.pool as unknown as pg.PoolClient, "email", {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
      await expect(client.insertTx(null as unknown as pg.PoolClient, "email", {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
    } finally {
      conn.release();
    }
    expect(await countJobs()).toBe(0);
  });

  it("insertMany inserts 10,000 jobs in one call, in order", async () => {
    const jobs = Array.from({ length: 10_000 }, (_, i) => ({ kind: "bulk", args: { i }, opts: { queue: i % 2 ? "odd" : "even" } }));
    const results = await client.insertMany(jobs);
    expect(results).toHaveLength(10_000);
    expect(results.every((r, i) => r.job.args.i === i)).toBe(true);
    expect(await countJobs("kind = 'bulk'")).toBe(10_000);
    expect(await countJobs("queue = 'odd'")).toBe(5_000);
  });

  it("insertManyTx commits or rolls back as one", async () => {
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      await client.insertManyTx(conn, [
        { kind: "a", args: {} },
        { kind: "b", args: {} },
      ]);
      await conn.query("ROLLBACK");
      await conn.query("BEGIN");
      await client.insertManyTx(conn, [{ kind: "c", args: {} }]);
      await conn.query("COMMIT");
    } finally {
      conn.release();
    }
    expect(await countJobs()).toBe(1);
    expect(await countJobs("kind = 'c'")).toBe(1);
  });

  it("typed job definitions insert with their defaults", async () => {
    const { defineJob } = await import("@tributary/core");
    const sendEmail = defineJob<{ to: string }>("send_email", { queue: "mail", priority: 2 });
    const { job } = await client.insert(sendEmail, { to: "t@example.com" });
    expect(job).toMatchObject({ kind: "send_email", queue: "mail", priority: 2, args: { to: "t@example.com" } });
  });
});

describe("unique jobs", () => {
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");

  it("stores River's key and state mask and skips a duplicate", async () => {
    const unique = { byArgs: true };
    const first = await client.insert("worker_1", { subject: "Test Email", recipient: "user@example.com" }, { unique });
    const second = await client.insert("worker_1", { recipient: "user@example.com", subject: "Test Email" }, { unique });
    expect(first.skipped).toBe(false);
    expect(second.skipped).toBe(true);
    expect(second.job.id).toBe(first.job.id);
    expect(first.job.uniqueKey).toBe(sha('&kind=worker_1&args={"recipient":"user@example.com","subject":"Test Email"}'));
    expect(first.job.uniqueStates).toBe("11110101");
    expect(await countJobs()).toBe(1);
  });

  it("a duplicate of a job in a state outside byState is inserted", async () => {
    const unique = { byState: ["available", "pending", "running", "scheduled"] as const };
    const first = await client.insert("w", {}, { unique: { byState: [...unique.byState] } });
    await ctx.pool.query(`UPDATE ${table} SET state = 'completed', finalized_at = now() WHERE id = $1`, [first.job.id]);
    const second = await client.insert("w", {}, { unique: { byState: [...unique.byState] } });
    expect(second.skipped).toBe(false);
    // With the default states a completed job still blocks a new one.
    const third = await client.insert("w2", {}, { unique: {} });
    await ctx.pool.query(`UPDATE ${table} SET state = 'completed', finalized_at = now() WHERE id = $1`, [third.job.id]);
    expect((await client.insert("w2", {}, { unique: {} })).skipped).toBe(true);
    // Cancelled jobs never block with the default states.
    await ctx.pool.query(`UPDATE ${table} SET state = 'cancelled' WHERE id = $1`, [third.job.id]);
    expect((await client.insert("w2", {}, { unique: {} })).skipped).toBe(false);
  });

  it("byPeriod buckets by the scheduled time", async () => {
    const hour = 3_600_000;
    const opts = (at: string): InsertOpts => ({ scheduledAt: new Date(at), unique: { byPeriod: hour } });
    const a = await client.insert("hourly", {}, opts("2030-05-01T10:05:00Z"));
    const b = await client.insert("hourly", {}, opts("2030-05-01T10:55:00Z"));
    const c = await client.insert("hourly", {}, opts("2030-05-01T11:00:00Z"));
    expect(b.skipped).toBe(true);
    expect(c.skipped).toBe(false);
    expect(a.job.uniqueKey).toBe(sha("&kind=hourly&period=2030-05-01T10:00:00Z"));
  });

  it("byQueue and excludeKind", async () => {
    const q = await client.insert("worker_6", {}, { queue: "email_queue", unique: { byQueue: true } });
    expect(q.job.uniqueKey).toBe(sha("&kind=worker_6&queue=email_queue"));
    const e = await client.insert("any_kind", { task_id: "task_123" }, { unique: { byArgs: true, excludeKind: true } });
    expect(e.job.uniqueKey).toBe(sha('&args={"task_id":"task_123"}'));
    const other = await client.insert("other_kind", { task_id: "task_123" }, { unique: { byArgs: true, excludeKind: true } });
    expect(other.skipped).toBe(true);
  });

  it("duplicates inside one insertMany are answered with the first", async () => {
    const results = await client.insertMany([
      { kind: "dup", args: { k: 1 }, opts: { unique: { byArgs: true } } },
      { kind: "dup", args: { k: 1 }, opts: { unique: { byArgs: true } } },
      { kind: "dup", args: { k: 2 }, opts: { unique: { byArgs: true } } },
    ]);
    expect(results.map((r) => r.skipped)).toEqual([false, true, false]);
    expect(results[1]!.job.id).toBe(results[0]!.job.id);
    expect(await countJobs()).toBe(2);
  });

  it("byArgs with nested paths tells jobs apart by the selected nested fields", async () => {
    // Selecting "account.id" used to select nothing, so every job collided and all but the first were skipped.
    const unique = { byArgs: ["account.id", "label"] };
    const a = await client.insert("charge", { account: { id: "acct-1", note: "x" }, label: "l" }, { unique });
    const b = await client.insert("charge", { account: { id: "acct-2", note: "x" }, label: "l" }, { unique });
    const c = await client.insert("charge", { account: { id: "acct-1", note: "other" }, label: "l", ignored: 1 }, { unique });
    expect([a.skipped, b.skipped, c.skipped]).toEqual([false, false, true]);
    expect(c.job.id).toBe(a.job.id);
    expect(a.job.uniqueKey).toBe(sha('&kind=charge&args={"account":{"id":"acct-1"},"label":"l"}'));
    expect(await countJobs()).toBe(2);
  });

  it("byArgs paths: a literal dot is escaped, and no selected field present gives an empty args part", async () => {
    const dotted = await client.insert("k", { "a.b": 1, a: { b: 2 } }, { unique: { byArgs: ["a\\.b"] } });
    expect(dotted.job.uniqueKey).toBe(sha('&kind=k&args={"a.b":1}'));
    const none = await client.insert("k", { other: 1 }, { unique: { byArgs: ["label"] } });
    expect(none.job.uniqueKey).toBe(sha("&kind=k&args="));
  });

  it("integer-like and non-ASCII arg names sort by their UTF-8 bytes, as Go sorts them", async () => {
    const { job } = await client.insert("k", { "2": 1, "10": 2, é: 3, z: 4 }, { unique: { byArgs: true } });
    expect(job.uniqueKey).toBe(sha('&kind=k&args={"10":2,"2":1,"z":4,"é":3}'));
  });

  it('onDuplicate: "error" throws DuplicateJobError with the existing id', async () => {
    const first = await client.insert("click", { button: 1 }, { unique: { byArgs: true, onDuplicate: "error" } });
    const err = await client.insert("click", { button: 1 }, { unique: { byArgs: true, onDuplicate: "error" } }).catch((e) => e);
    expect(err).toBeInstanceOf(DuplicateJobError);
    expect(err.existingJobId).toBe(first.job.id);
    expect(err.code).toBe("DUPLICATE_JOB");
  });
});

describe("invalid input fails before anything is written", () => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  const cases: [string, () => Promise<unknown>, string][] = [
    ["empty kind", () => client.insert("", {}), "kind"],
    ["too-long kind", () => client.insert("k".repeat(128), {}), "kind"],
    ["empty queue", () => client.insert("k", {}, { queue: "" }), "opts.queue"],
    ["too-long queue", () => client.insert("k", {}, { queue: "q".repeat(128) }), "opts.queue"],
    ["priority 0", () => client.insert("k", {}, { priority: 0 }), "opts.priority"],
    ["priority 5", () => client.insert("k", {}, { priority: 5 }), "opts.priority"],
    ["priority 1.5", () => client.insert("k", {}, { priority: 1.5 }), "opts.priority"],
    ["maxAttempts 0", () => client.insert("k", {}, { maxAttempts: 0 }), "opts.maxAttempts"],
    ["bad tag", () => client.insert("k", {}, { tags: ["no spaces"] }), "opts.tags[0]"],
    ["short tag", () => client.insert("k", {}, { tags: ["ok_tag", "x"] }), "opts.tags[1]"],
    ["args not an object", () => client.insert("k", [1, 2] as unknown as object), "args"],
    ["args null", () => client.insert("k", null as unknown as object), "args"],
    ["args with a cycle", () => client.insert("k", cycle), "args.self"],
    ["args with a function", () => client.insert("k", { f: () => 1 }), "args.f"],
    ["args with NaN", () => client.insert("k", { n: Number.NaN }), "args.n"],
    ["args with U+0000 in a string", () => client.insert("k", { s: { t: "a\u0000b" } }), "args.s.t"],
    ["metadata with U+0000 in a name", () => client.insert("k", {}, { metadata: { "a\u0000": 1 } }), "opts.metadata"],
    ["byArgs as an empty list", () => client.insert("k", {}, { unique: { byArgs: [] } }), "opts.unique.byArgs"],
    ["byArgs path with an empty name", () => client.insert("k", {}, { unique: { byArgs: ["account..id"] } }), "opts.unique.byArgs[0]"],
    ["byArgs path ending in an escape", () => client.insert("k", {}, { unique: { byArgs: ["label", "a\\"] } }), "opts.unique.byArgs[1]"],
    ["invalid scheduledAt", () => client.insert("k", {}, { scheduledAt: new Date("nope") }), "opts.scheduledAt"],
    ["byPeriod under a second", () => client.insert("k", {}, { unique: { byPeriod: 500 } }), "opts.unique.byPeriod"],
    ["byState missing running", () => client.insert("k", {}, { unique: { byState: ["available", "pending", "scheduled"] } }), "opts.unique.byState"],
    ["one bad job in insertMany", () => client.insertMany([{ kind: "ok", args: {} }, { kind: "bad", args: {}, opts: { priority: 9 } }]), "jobs[1].opts.priority"],
  ];
  for (const [name, call, field] of cases) {
    it(name, async () => {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect(isTributaryError(err, "INVALID_ARGUMENT")).toBe(true);
      expect((err as InvalidArgumentError).field).toBe(field);
      expect((err as Error).message).toContain(field);
      expect(await countJobs()).toBe(0);
    });
  }

  it("a bad schema name is refused at construction", () => {
    expect(() => new Client({ driver: ctx.driver, schema: 'x"; drop table river_job; --' })).toThrow(
      expect.objectContaining({ code: "INVALID_SCHEMA_NAME" }),
    );
  });

  it("an unmigrated schema gives MIGRATION_MISSING", async () => {
    const other = new Client({ driver: ctx.driver, schema: "tributary_not_migrated_schema" });
    await expect(other.insert("k", {})).rejects.toMatchObject({ code: "MIGRATION_MISSING" });
  });
});

describe("exact numbers", () => {
  it("args and metadata with 64-bit integers are stored exactly and come back as bigint", async () => {
    const args = { id: 9223372036854775807n, min: -9223372036854775808n, safe: 9007199254740991, ratio: 0.5 };
    const { job } = await client.insert("exact", args, { metadata: { trace: 18446744073709551615n } });
    expect(job.args).toEqual(args);
    const stored = await ctx.pool.query(`SELECT args::text AS args, metadata::text AS metadata FROM ${table} WHERE id = $1`, [job.id]);
    expect(stored.rows[0]).toEqual({
      args: '{"id": 9223372036854775807, "min": -9223372036854775808, "safe": 9007199254740991, "ratio": 0.5}',
      metadata: '{"trace": 18446744073709551615}',
    });
    const read = await client.getJob(job.id);
    expect(read!.args).toEqual(args);
    expect(read!.metadata).toEqual({ trace: 18446744073709551615n });
  });
});

describe("numbers jsonb changes", () => {
  it("insert returns what a later read returns: -0 as 0, an integer-valued 1e21 as its exact bigint", async () => {
    const args = { negZero: -0, e21: 1e21, largest: Number.MAX_VALUE, half: 0.5, list: [-0, 2 ** 60] };
    const { job } = await client.insert("stored", args);
    const read = await client.getJob(job.id);
    expect(job.args).toEqual(read!.args);
    // JS writes a number's shortest decimal (2^60 as 1152921504606847000), and jsonb keeps that decimal.
    expect(read!.args).toEqual({ negZero: 0, e21: 10n ** 21n, largest: 17976931348623157n * 10n ** 292n, half: 0.5, list: [0, 1152921504606847000n] });
  });
});

describe("reading", () => {
  it("lists with filters and pages with after", async () => {
    await client.insertMany([
      { kind: "a", args: {}, opts: { queue: "q1" } },
      { kind: "b", args: {}, opts: { queue: "q1" } },
      { kind: "a", args: {}, opts: { queue: "q2", scheduledAt: new Date(Date.now() + 60_000) } },
    ]);
    expect((await client.listJobs({ kind: "a" })).map((j) => j.queue)).toEqual(["q1", "q2"]);
    expect(await client.listJobs({ state: "scheduled" })).toHaveLength(1);
    expect(await client.listJobs({ queue: ["q1"], kind: ["a", "b"] })).toHaveLength(2);
    const page1 = await client.listJobs({ limit: 2 });
    const page2 = await client.listJobs({ limit: 2, after: page1[1]!.id });
    expect(page1).toHaveLength(2);
    expect(page2).toHaveLength(1);
    expect(await client.getJob("999999999")).toBeNull();
    await expect(client.listJobs({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
