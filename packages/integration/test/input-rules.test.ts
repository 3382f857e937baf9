// Input rules (River's names, PostgreSQL's limits, registered kinds): each bad input is a typed error naming
// its field, thrown before anything is sent, through every insert path and in the client's config.
import { createHash } from "node:crypto";
import { Client, type ClientConfig, type InsertOpts, isTributaryError, migrate, type TributaryErrorCode } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { uniqueSchemaName } from "@tributary/test-db";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

let ctx: PgTestContext;

beforeAll(async () => {
  ctx = await pgTestContext("rules");
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await ctx.query("TRUNCATE $schema.river_job");
  // One job already there, so "unchanged" means more than "still empty".
  await ctx.query(`INSERT INTO $schema.river_job (kind, args) VALUES ('existing', '{"n": 1}')`);
});

/** Every row of river_job and the id sequence: equal snapshots mean nothing was written (or even attempted). */
async function riverJobSnapshot(): Promise<string> {
  const [rows] = await ctx.query<{ rows: string | null }>(`SELECT string_agg(j::text, '|' ORDER BY id) AS rows FROM $schema.river_job j`);
  const [seq] = await ctx.query<{ last_value: string }>(`SELECT last_value::text FROM $schema.river_job_id_seq`);
  return `${rows?.rows ?? ""} seq=${seq?.last_value}`;
}

const KNOWN = "known_kind";
const workers = { [KNOWN]: async () => {} };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
type Config = Partial<ClientConfig<pg.PoolClient>>;

/** One bad job as a user would write it. */
interface BadJob {
  kind: string;
  args: Record<string, unknown>;
  opts?: InsertOpts;
}

/** An insert path: attempts the job with a client built from `config` and returns what it threw. */
interface InsertPath {
  name: string;
  /** What the path puts before the field a rule names (`jobs[1].`, `config.periodicJobs[0].`). */
  prefix: string;
  attempt(config: Config, job: BadJob): Promise<unknown>;
}

async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to throw");
}

/** Runs `fn` in a transaction of the caller's, checks the transaction was not aborted, rolls back. */
async function inCallerTx(fn: (conn: pg.PoolClient) => Promise<unknown>): Promise<unknown> {
  const conn = await ctx.pool.connect();
  try {
    await conn.query("BEGIN");
    const err = await thrown(() => fn(conn));
    // Nothing was sent: the caller's transaction is still usable (a failed statement would have aborted it).
    await expect(conn.query("SELECT 1 AS ok")).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    return err;
  } finally {
    // Also when the check above failed: an aborted transaction must not go back to the pool.
    await conn.query("ROLLBACK").catch(() => {});
    conn.release();
  }
}

const client = (config: Config) => ctx.client({ workers, logger: quiet, ...config });
const good = { kind: KNOWN, args: { ok: true } };

const PATHS: InsertPath[] = [
  { name: "insert", prefix: "", attempt: (c, j) => thrown(() => client(c).insert(j.kind, j.args, j.opts)) },
  { name: "insertTx", prefix: "", attempt: (c, j) => inCallerTx((tx) => client(c).insertTx(tx, j.kind, j.args, j.opts)) },
  // The bad job second: the good one before it must not be written either.
  { name: "insertMany", prefix: "jobs[1].", attempt: (c, j) => thrown(() => client(c).insertMany([good, j])) },
  { name: "insertManyTx", prefix: "jobs[1].", attempt: (c, j) => inCallerTx((tx) => client(c).insertManyTx(tx, [good, j])) },
  {
    name: "periodicJobs (config)",
    prefix: "config.periodicJobs[0].",
    attempt: (c, j) => thrown(() => client({ ...c, periodicJobs: [{ every: 3_600_000, kind: j.kind, args: j.args, opts: j.opts ?? {} }] })),
  },
  {
    name: "periodicJobs.add",
    prefix: "periodicJob.",
    attempt: (c, j) => thrown(() => client(c).periodicJobs.add({ every: 3_600_000, kind: j.kind, args: j.args, opts: j.opts ?? {} })),
  },
];

interface Rule {
  rule: string;
  job: BadJob;
  config?: Config;
  code: TributaryErrorCode;
  /** The field named, without the path's prefix. */
  field: string;
  /** What the message must say about the rule. */
  says: RegExp;
}

const RULES: Rule[] = [
  // 1. What PostgreSQL would reject (raw 22P05 / 22P02 / 54000 before).
  { rule: "NUL in args", job: { kind: KNOWN, args: { s: "a\u0000b" } }, code: "INVALID_ARGUMENT", field: "args.s", says: /U\+0000/ },
  { rule: "lone surrogate in args", job: { kind: KNOWN, args: { s: "ok \ud800" } }, code: "INVALID_ARGUMENT", field: "args.s", says: /lone UTF-16 surrogate/ },
  { rule: "lone surrogate in an args member name", job: { kind: KNOWN, args: { "\udc00": 1 } }, code: "INVALID_ARGUMENT", field: "args", says: /member name holds a lone UTF-16 surrogate/ },
  { rule: "lone surrogate deep in args", job: { kind: KNOWN, args: { a: [{ b: "\udfff" }] } }, code: "INVALID_ARGUMENT", field: "args.a[0].b", says: /lone UTF-16 surrogate/ },
  { rule: "NUL in metadata", job: { kind: KNOWN, args: {}, opts: { metadata: { m: "\u0000" } } }, code: "INVALID_ARGUMENT", field: "opts.metadata.m", says: /U\+0000/ },
  { rule: "lone surrogate in metadata", job: { kind: KNOWN, args: {}, opts: { metadata: { m: "\ud83d" } } }, code: "INVALID_ARGUMENT", field: "opts.metadata.m", says: /lone UTF-16 surrogate/ },
  { rule: "NUL in a tag", job: { kind: KNOWN, args: {}, opts: { tags: ["abc", "ab\u0000c"] } }, code: "INVALID_ARGUMENT", field: "opts.tags[1]", says: /tag River accepts/ },
  { rule: "lone surrogate in a tag", job: { kind: KNOWN, args: {}, opts: { tags: ["ab\ud800c"] } }, code: "INVALID_ARGUMENT", field: "opts.tags[0]", says: /tag River accepts/ },
  {
    rule: "args over maxArgsBytes",
    config: { maxArgsBytes: 1_000 },
    job: { kind: KNOWN, args: { s: "x".repeat(995) } },
    code: "INVALID_ARGUMENT",
    field: "args",
    says: /1003 bytes, over the limit of 1000 bytes/,
  },
  {
    // 58 characters, 108 bytes: the limit counts UTF-8 bytes.
    rule: "args over maxArgsBytes in bytes, not characters",
    config: { maxArgsBytes: 100 },
    job: { kind: KNOWN, args: { s: "é".repeat(50) } },
    code: "INVALID_ARGUMENT",
    field: "args",
    says: /108 bytes, over the limit of 100 bytes/,
  },
  // 2. River's names.
  { rule: "queue with a space and !", job: { kind: KNOWN, args: {}, opts: { queue: "my queue!" } }, code: "INVALID_ARGUMENT", field: "opts.queue", says: /queue name River accepts/ },
  { rule: "queue of 65 characters", job: { kind: KNOWN, args: {}, opts: { queue: "q".repeat(65) } }, code: "INVALID_ARGUMENT", field: "opts.queue", says: /1–64 characters/ },
  { rule: "queue in upper case", job: { kind: KNOWN, args: {}, opts: { queue: "Mail" } }, code: "INVALID_ARGUMENT", field: "opts.queue", says: /queue name River accepts/ },
  { rule: "queue with a doubled separator", job: { kind: KNOWN, args: {}, opts: { queue: "mail__eu" } }, code: "INVALID_ARGUMENT", field: "opts.queue", says: /queue name River accepts/ },
  { rule: "queue ending in a separator", job: { kind: KNOWN, args: {}, opts: { queue: "mail-" } }, code: "INVALID_ARGUMENT", field: "opts.queue", says: /queue name River accepts/ },
  { rule: "tag of 2 characters", job: { kind: KNOWN, args: {}, opts: { tags: ["ab"] } }, code: "INVALID_ARGUMENT", field: "opts.tags[0]", says: /3–255 characters/ },
  { rule: "tag of 256 characters", job: { kind: KNOWN, args: {}, opts: { tags: ["t".repeat(256)] } }, code: "INVALID_ARGUMENT", field: "opts.tags[0]", says: /3–255 characters/ },
  { rule: "tag ending in -", job: { kind: KNOWN, args: {}, opts: { tags: ["abc-"] } }, code: "INVALID_ARGUMENT", field: "opts.tags[0]", says: /tag River accepts/ },
  // 3. Unknown kinds, on a client that has workers.
  { rule: "a kind no worker handles", job: { kind: "unknown_kind", args: {} }, code: "UNKNOWN_JOB_KIND", field: "kind", says: /no worker of this client handles kind "unknown_kind".*skipUnknownJobCheck/ },
];

describe.each(PATHS)("input rules through $name", (path) => {
  it.each(RULES)("$rule → $code naming $field, river_job unchanged", async ({ job, config, code, field, says }) => {
    const before = await riverJobSnapshot();
    const err = await path.attempt(config ?? {}, job);
    expect(isTributaryError(err, code), String(err)).toBe(true);
    const named = `${path.prefix}${field}`;
    expect((err as { field?: string }).field).toBe(named);
    expect((err as Error).message.startsWith(`${named}: `), (err as Error).message).toBe(true);
    expect((err as Error).message).toMatch(says);
    expect(await riverJobSnapshot()).toBe(before);
  });
});

describe("what the rules still accept", () => {
  it("River's edge cases of each name are inserted on every path", async () => {
    const kind = "a[b]<c>/d.e·f:g+h"; // every character River's kind rule allows
    const c = client({ workers: { [kind]: async () => {} } });
    const opts: InsertOpts = { queue: `${"a".repeat(30)}_b-c|${"d".repeat(29)}`, tags: ["abc", `${"t".repeat(254)}_`, "a-b"], metadata: { emoji: "😀" } };
    expect(opts.queue).toHaveLength(64);
    const args = { text: "pairs are fine: 😀 \ud83d\ude00" };
    await c.insert(kind, args, opts);
    await c.insertMany([{ kind, args, opts }]);
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      await c.insertTx(conn, kind, args, opts);
      await c.insertManyTx(conn, [{ kind, args, opts }]);
      await conn.query("COMMIT");
    } finally {
      conn.release();
    }
    const rows = await ctx.query<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.river_job WHERE kind = $1 AND queue = $2 AND args = $3::jsonb`, [
      kind,
      opts.queue,
      JSON.stringify(args),
    ]);
    expect(rows[0]!.n).toBe(4);
  });

  it("maxArgsBytes allows exactly its limit", async () => {
    const c = client({ maxArgsBytes: 20 });
    const args = { s: "x".repeat(12) }; // {"s":"xxxxxxxxxxxx"} is 20 bytes
    expect(JSON.stringify(args)).toHaveLength(20);
    await expect(c.insert(KNOWN, args)).resolves.toMatchObject({ skipped: false });
    await expect(c.insert(KNOWN, { s: "x".repeat(13) })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "args" });
  });

  it("by default, args over PostgreSQL's jsonb limit are refused at once, without a round trip", async () => {
    const before = await riverJobSnapshot();
    const args = { s: "x".repeat(268_435_455) };
    const started = performance.now();
    const err = await thrown(() => client({}).insert(KNOWN, args));
    const ms = performance.now() - started;
    console.log(`a 256 MiB payload refused in ${ms.toFixed(0)} ms`);
    expect(err).toMatchObject({ code: "INVALID_ARGUMENT", field: "args" });
    expect((err as Error).message).toMatch(/over the limit of 268435455 bytes \(the largest jsonb value PostgreSQL stores\)/);
    expect(await riverJobSnapshot()).toBe(before);
  });

  it("unknown kinds: skipUnknownJobCheck turns the check off; a client without workers never checks", async () => {
    for (const c of [client({ skipUnknownJobCheck: true }), ctx.client({})]) {
      await c.insert("unknown_kind", {});
      await c.insertMany([{ kind: "unknown_kind", args: {} }]);
      const conn = await ctx.pool.connect();
      try {
        await conn.query("BEGIN");
        await c.insertTx(conn, "unknown_kind", {});
        await c.insertManyTx(conn, [{ kind: "unknown_kind", args: {} }]);
        await conn.query("COMMIT");
      } finally {
        conn.release();
      }
    }
    const [row] = await ctx.query<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.river_job WHERE kind = 'unknown_kind'`);
    expect(row!.n).toBe(8);
    // Periodic jobs of another service's kind, too.
    expect(() => client({ skipUnknownJobCheck: true, periodicJobs: [{ every: 60_000, kind: "unknown_kind" }] })).not.toThrow();
  });

  it("kinds at insert are only held to the column (1–127 characters), as River does", async () => {
    const c = ctx.client({});
    await expect(c.insert("x", {})).resolves.toMatchObject({ job: { kind: "x" } });
    await expect(c.insert("a kind with spaces!", {})).resolves.toMatchObject({ job: { kind: "a kind with spaces!" } });
    await expect(c.insert("k".repeat(128), {})).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "kind" });
  });
});

interface ConfigRule {
  rule: string;
  config: Config;
  code: TributaryErrorCode;
  field: string;
  says: RegExp;
}

const CONFIG_RULES: ConfigRule[] = [
  { rule: "queue name with a space and !", config: { queues: { "my queue!": { maxWorkers: 1 } } }, code: "INVALID_ARGUMENT", field: "config.queues.my queue!", says: /queue name River accepts/ },
  { rule: "queue name of 65 characters", config: { queues: { ["q".repeat(65)]: { maxWorkers: 1 } } }, code: "INVALID_ARGUMENT", field: `config.queues.${"q".repeat(65)}`, says: /1–64 characters/ },
  { rule: "worker kind of 1 character", config: { workers: { w: async () => {} } }, code: "INVALID_ARGUMENT", field: "config.workers.w", says: /not a kind River accepts: at least 2 characters/ },
  { rule: "worker kind with a space", config: { workers: { "send email": async () => {} } }, code: "INVALID_ARGUMENT", field: "config.workers.send email", says: /not a kind River accepts/ },
  { rule: "worker kind starting with -", config: { workers: { "-job": async () => {} } }, code: "INVALID_ARGUMENT", field: "config.workers.-job", says: /not a kind River accepts/ },
  { rule: "worker kind with a non-ASCII letter", config: { workers: { "tâche": async () => {} } }, code: "INVALID_ARGUMENT", field: "config.workers.tâche", says: /not a kind River accepts/ },
  {
    rule: "periodic id with spaces",
    config: { periodicJobs: [{ every: 60_000, kind: KNOWN, id: "nightly report" }] },
    code: "INVALID_ARGUMENT",
    field: "config.periodicJobs[0].id",
    says: /not an id River accepts/,
  },
  {
    rule: "periodic id in the old default form",
    config: { periodicJobs: [{ cron: "0 * * * *", kind: KNOWN, id: `${KNOWN}@0 * * * *` }] },
    code: "INVALID_ARGUMENT",
    field: "config.periodicJobs[0].id",
    says: /not an id River accepts/,
  },
  {
    rule: "periodic job of a kind no worker handles",
    config: { periodicJobs: [{ every: 60_000, kind: "unknown_kind" }] },
    code: "UNKNOWN_JOB_KIND",
    field: "config.periodicJobs[0].kind",
    says: /no worker of this client handles kind "unknown_kind"/,
  },
  { rule: "schema with a dash", config: { schema: "my-schema" }, code: "INVALID_SCHEMA_NAME", field: "config.schema", says: /\^\[a-zA-Z_\]\[a-zA-Z0-9_\]\*\$/ },
  { rule: "schema of 47 characters", config: { schema: "s".repeat(47) }, code: "INVALID_SCHEMA_NAME", field: "config.schema", says: /at most 46 characters/ },
  { rule: "schema of 63 lower-case characters", config: { schema: "s".repeat(63) }, code: "INVALID_SCHEMA_NAME", field: "config.schema", says: /at most 46 characters/ },
  { rule: "schema starting with a digit", config: { schema: "1river" }, code: "INVALID_SCHEMA_NAME", field: "config.schema", says: /not starting with a digit/ },
  { rule: "client id of 101 characters", config: { id: "c".repeat(101) }, code: "INVALID_ARGUMENT", field: "config.id", says: /1–100 characters \(River's limit\), got 101 characters/ },
  { rule: "empty client id", config: { id: "" }, code: "INVALID_ARGUMENT", field: "config.id", says: /1–100 characters/ },
  { rule: "maxArgsBytes of 0", config: { maxArgsBytes: 0 }, code: "INVALID_ARGUMENT", field: "config.maxArgsBytes", says: /integer from 2/ },
  { rule: "maxArgsBytes not an integer", config: { maxArgsBytes: 1.5 }, code: "INVALID_ARGUMENT", field: "config.maxArgsBytes", says: /integer from 2/ },
  { rule: "maxArgsBytes over PostgreSQL's limit", config: { maxArgsBytes: 268_435_456 }, code: "INVALID_ARGUMENT", field: "config.maxArgsBytes", says: /to 268435455/ },
  { rule: "skipUnknownJobCheck not a boolean", config: { skipUnknownJobCheck: "yes" as never }, code: "INVALID_ARGUMENT", field: "config.skipUnknownJobCheck", says: /must be a boolean/ },
];

describe("client config rules", () => {
  it.each(CONFIG_RULES)("$rule → $code naming $field", async ({ config, code, field, says }) => {
    const before = await riverJobSnapshot();
    const err = await thrown(() => new Client<pg.PoolClient>({ driver: ctx.driver, workers, ...config }));
    expect(isTributaryError(err, code), String(err)).toBe(true);
    expect((err as Error).message.startsWith(`${field}: `), (err as Error).message).toBe(true);
    expect((err as Error).message).toMatch(says);
    expect(await riverJobSnapshot()).toBe(before);
  });

  it("accepts River's limits: a 100-character id, a 46-character mixed-case schema, a 64-character queue", () => {
    expect(() => ctx.client({ id: "c".repeat(100), queues: { ["q".repeat(64)]: { maxWorkers: 1 } } })).not.toThrow();
    expect(() => new Client({ driver: ctx.driver, schema: `Mixed_${"s".repeat(40)}` })).not.toThrow();
  });
});

describe("schema names in migrate, by the same rule", () => {
  it("migrate refuses a 47-character, 63-character or dashed schema before creating anything", async () => {
    const base = uniqueSchemaName("s"); // unique per run, so a schema found can only be this test's
    const schemas = [base.padEnd(47, "s"), base.padEnd(63, "s"), `${base}-dash`];
    try {
      for (const schema of schemas) {
        await expect(migrate(ctx.driver, { schema })).rejects.toMatchObject({ code: "INVALID_SCHEMA_NAME" });
        const [row] = await ctx.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [schema]);
        expect(row!.n).toBe(0);
      }
    } finally {
      // Without the rule, migrate would have created them.
      for (const schema of schemas) await ctx.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });

  it("a mixed-case schema River accepts works end to end: migrate, insert, work, notify", async () => {
    const schema = `Mixed_${uniqueSchemaName("r")}`;
    const pool = new pg.Pool({ connectionString: ctx.schema.url, max: 4 });
    const driver = pgDriver<pg.PoolClient>(pool);
    const worked: string[] = [];
    const c = new Client({
      driver,
      schema,
      pollInterval: 60_000, // only a notification on "<schema>.river_insert" wakes it in time
      logger: quiet,
      queues: { default: { maxWorkers: 1 } },
      workers: { [KNOWN]: async (job) => void worked.push(job.id) },
    });
    try {
      await migrate(driver, { schema });
      const [ns] = await ctx.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [schema]);
      expect(ns!.n).toBe(1);
      await c.start();
      await new Promise((r) => setTimeout(r, 300));
      const { job } = await c.insert(KNOWN, {});
      await waitFor("the job worked", () => worked.includes(job.id), 10_000);
    } finally {
      await c.stop();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });
});

describe("default periodic ids", () => {
  it("satisfy River's id rule for every, cron and cron with a time zone", () => {
    const c = client({
      periodicJobs: [
        { every: 60_000, kind: KNOWN },
        { cron: "*/5 * * * *", kind: KNOWN },
        { cron: "0 9 * * 1-5", timezone: "Europe/Paris", kind: KNOWN },
      ],
    });
    const ids = c.periodicJobs.ids();
    expect(ids[0]).toBe(`${KNOWN}:every:60000`);
    expect(ids[1]).toMatch(new RegExp(`^${KNOWN}:cron:[0-9a-f]{12}$`));
    expect(ids[2]).toMatch(new RegExp(`^${KNOWN}:cron:[0-9a-f]{12}$`));
    expect(ids[1]).not.toBe(ids[2]);
    for (const id of ids) expect(id).toMatch(/^\w[\w\-[\]<>/.·:+]+$/);
    // A kind River's rule would refuse (possible on a client without workers) is made to fit.
    const insertOnly = ctx.client({ periodicJobs: [{ every: 60_000, kind: "-odd kind!" }] });
    expect(insertOnly.periodicJobs.ids()).toEqual(["_odd_kind_:every:60000"]);
  });

  /** The unique key the versions before River's id rule gave a run (`<kind>@every:<ms>` ids). */
  function legacyRunKey(kind: string, legacyId: string, runAt: Date): string {
    return createHash("sha256").update(`&kind=${kind}&periodic_job_id=${legacyId}&run_at=${runAt.toISOString()}`, "utf8").digest("hex");
  }

  it("upgrading: a run enqueued under the old default id is not enqueued again, nor cancelled as stale, and remove() cancels it", async () => {
    const every = 3_600_000;
    const nextRun = new Date((Math.floor(Date.now() / every) + 1) * every);
    const legacyId = `${KNOWN}@every:${every}`;
    // The run an instance of the previous version enqueued ahead of time.
    await ctx.query(
      `INSERT INTO $schema.river_job (kind, args, metadata, state, scheduled_at, unique_key, unique_states)
       VALUES ($1, '{}', $2::jsonb, 'scheduled', $3, decode($4, 'hex'), B'11110101')`,
      [KNOWN, JSON.stringify({ "river:periodic_job_id": legacyId }), nextRun.toISOString(), legacyRunKey(KNOWN, legacyId, nextRun)],
    );
    const c = client({
      electionInterval: 200,
      pollInterval: 200,
      queues: { default: { maxWorkers: 1 } },
      periodicJobs: [{ every, kind: KNOWN }],
      cleanStalePeriodicJobs: true,
    });
    const [id] = c.periodicJobs.ids();
    expect(id).toBe(`${KNOWN}:every:${every}`);
    await c.start();
    await waitFor("leading", () => c.isLeader, 10_000);
    // Give the enqueuer its first pass (stale cleaning, then the next run's insert).
    await new Promise((r) => setTimeout(r, 1_000));
    const runs = await ctx.query<{ state: string; periodic_id: string }>(
      `SELECT state::text, metadata->>'river:periodic_job_id' AS periodic_id FROM $schema.river_job WHERE kind = $1 AND scheduled_at = $2`,
      [KNOWN, nextRun.toISOString()],
    );
    expect(runs).toEqual([{ state: "scheduled", periodic_id: legacyId }]);
    await c.periodicJobs.remove(id!);
    const [after] = await ctx.query<{ state: string }>(`SELECT state::text FROM $schema.river_job WHERE kind = $1 AND scheduled_at = $2`, [KNOWN, nextRun.toISOString()]);
    expect(after!.state).toBe("cancelled");
    await c.stop();
  });

  it("a schedule with a default id enqueues runs tagged with the new id", async () => {
    const every = 3_600_000;
    const c = client({ electionInterval: 200, pollInterval: 200, queues: { default: { maxWorkers: 1 } }, periodicJobs: [{ every, kind: KNOWN }] });
    await c.start();
    await waitFor(
      "the next run",
      async () => (await ctx.query(`SELECT 1 FROM $schema.river_job WHERE metadata->>'river:periodic_job_id' = $1`, [`${KNOWN}:every:${every}`])).length === 1,
      10_000,
    );
    await c.stop();
  });
});
