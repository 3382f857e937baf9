// The leader's reindexer on a private cluster: River's indexes, its schedule, artifacts, timeout and stop.
import { type PrivateCluster, startPrivateCluster } from "@tributary/test-db";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../src/client/client.js";
import { isTributaryError } from "../src/base/errors.js";
import type { Logger } from "../src/base/logger.js";
import { Reindexer } from "../src/maintenance/reindexer.js";
import type { ReindexerSettings } from "../src/maintenance/reindexer-config.js";
import { RIVER_JOB_INDEXES } from "../src/sql/reindex.js";
import type { SchemaTables } from "../src/sql/schema-tables.js";
import { migratedPool, waitFor } from "./support/maintenance-fixtures.js";
import { poolDriver, poolExecutor } from "./support/pg-executor.js";

const SCHEMA = "reindex_test";
let cluster: PrivateCluster;
let admin: pg.Pool;
let pool: pg.Pool;
let tables: SchemaTables;
const running: { stop(): Promise<void> }[] = [];

interface Entry {
  level: string;
  message: string;
  fields: Record<string, unknown>;
  at: number;
}
function timedLogger(): Logger & { entries: Entry[] } {
  const entries: Entry[] = [];
  const at = (level: string) => (fields: object, message: string) => void entries.push({ level, message, fields: fields as Record<string, unknown>, at: Date.now() });
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

beforeAll(async () => {
  cluster = await startPrivateCluster();
  ({ pool: admin, tables } = await migratedPool(cluster.url, SCHEMA));
  pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
  await admin.query(
    `INSERT INTO ${tables.job} (kind, args, metadata, queue, state, max_attempts, unique_key, unique_states)
     SELECT 'k' || (n % 7), jsonb_build_object('n', n), '{}', 'default', 'available', 25, sha256(n::text::bytea), B'11110101'
     FROM generate_series(1, 2000) n`,
  );
}, 90_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  for (const name of await artifacts()) await admin.query(`DROP INDEX IF EXISTS "${SCHEMA}"."${name}"`);
});

afterAll(async () => {
  // The cluster goes even if a pool cannot close (a test left a client checked out).
  await Promise.race([Promise.all([pool?.end(), admin?.end()]), sleep(5_000)]);
  await cluster?.destroy();
}, 60_000);

function reindexer(settings: Partial<ReindexerSettings>, logger = timedLogger(), indexes?: readonly string[]) {
  const r = new Reindexer({
    executor: () => poolExecutor(pool),
    tables,
    logger,
    settings: { intervalMs: 86_400_000, timeoutMs: 60_000, ...settings },
    ...(indexes ? { indexes } : {}),
  });
  running.push(r);
  return { r, logger };
}

/** Each index's identity (oid and file): a concurrent reindex builds a new index under the old name. */
async function identities(): Promise<Record<string, string>> {
  const { rows } = await admin.query<{ name: string; id: string }>(
    `SELECT c.relname::text AS name, c.oid::text || '/' || pg_relation_filenode(c.oid)::text AS id
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'i'`,
    [SCHEMA],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

async function artifacts(): Promise<string[]> {
  const { rows } = await admin.query<{ name: string }>(
    `SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'i' AND c.relname ~ '_cc(new|old)[0-9]*$' ORDER BY 1`,
    [SCHEMA],
  );
  return rows.map((r) => r.name);
}

/** An open transaction that wrote to river_job: REINDEX/DROP INDEX CONCURRENTLY wait for it. */
async function openWriter(): Promise<{ release: () => Promise<void> }> {
  const c = new pg.Client({ connectionString: cluster.url });
  await c.connect();
  await c.query("BEGIN");
  await c.query(`UPDATE ${tables.job} SET priority = priority WHERE id = (SELECT min(id) FROM ${tables.job})`);
  return {
    release: async () => {
      await c.query("ROLLBACK");
      await c.end();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Reindexer", () => {
  it("at each boundary of a shortened day, rebuilds River's seven indexes one after another", async () => {
    const before = await identities();
    for (const index of RIVER_JOB_INDEXES) expect(before[index], index).toBeDefined();
    const { r, logger } = reindexer({ intervalMs: 2_000 });
    const startedAt = Date.now();
    r.start();
    await waitFor(() => logger.entries.some((e) => e.message === "reindexer: run finished"), 15_000, "a run");
    const rebuilt = logger.entries.filter((e) => e.message === "reindexer: rebuilt index");
    expect(rebuilt.map((e) => e.fields.index)).toEqual([...RIVER_JOB_INDEXES]);
    // Not at start: at the first multiple of the interval after it.
    const boundary = (Math.floor(startedAt / 2_000) + 1) * 2_000;
    expect(rebuilt[0]!.at).toBeGreaterThanOrEqual(boundary);
    const after = await identities();
    for (const index of RIVER_JOB_INDEXES) expect(after[index], index).not.toBe(before[index]);
    expect(await artifacts()).toEqual([]);
    // And again at the next boundary.
    await waitFor(() => logger.entries.filter((e) => e.message === "reindexer: run finished").length >= 2, 10_000, "a second run");
  }, 30_000);

  it("skips an index whose artifact an interrupted run left, with a warning, and rebuilds the others", async () => {
    // Interrupt a reindex of river_job_kind the way a crash or a cancel does: it leaves river_job_kind_ccnew.
    const writer = await openWriter();
    const victim = new pg.Client({ connectionString: cluster.url });
    await victim.connect();
    const pid = (await victim.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const interrupted = victim.query(`REINDEX INDEX CONCURRENTLY "${SCHEMA}".river_job_kind`).catch((e: Error) => e);
    await waitFor(async () => (await artifacts()).length > 0, 5_000, "the artifact");
    await admin.query("SELECT pg_cancel_backend($1)", [pid]);
    expect(String(await interrupted)).toMatch(/cancel/);
    await victim.end();
    await writer.release();
    expect(await artifacts()).toEqual(["river_job_kind_ccnew"]);

    const before = await identities();
    const { r, logger } = reindexer({});
    expect(await r.runOnce()).toBe(6);
    const warning = logger.entries.find((e) => e.level === "warn");
    expect(warning?.message).toContain("skipping river_job_kind: river_job_kind_ccnew exists");
    const after = await identities();
    expect(after.river_job_kind).toBe(before.river_job_kind);
    for (const index of RIVER_JOB_INDEXES.filter((i) => i !== "river_job_kind")) expect(after[index], index).not.toBe(before[index]);
    // Not its own: left in place for whoever made it.
    expect(await artifacts()).toEqual(["river_job_kind_ccnew"]);
  }, 30_000);

  it("cancels a reindex past its timeout from another connection and drops the artifact it left", async () => {
    const writer = await openWriter();
    const { r, logger } = reindexer({ timeoutMs: 500 }, timedLogger(), ["river_job_args_index"]);
    const startedAt = Date.now();
    const run = r.runOnce();
    await waitFor(() => logger.entries.some((e) => e.message.includes("took longer than its 500 ms timeout")), 5_000, "the timeout");
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    // Its DROP INDEX CONCURRENTLY waits for the writer too; once that ends, nothing is left.
    await sleep(200);
    await writer.release();
    expect(await run).toBe(0);
    expect(await artifacts()).toEqual([]);
    expect(logger.entries.some((e) => e.message === "reindexer: dropped the artifact of an interrupted reindex")).toBe(true);
    // The session was never changed: no connection of the pool has a statement timeout.
    const clients = await Promise.all([pool.connect(), pool.connect()]);
    try {
      for (const c of clients) expect((await c.query<{ statement_timeout: string }>("SHOW statement_timeout")).rows[0]!.statement_timeout).toBe("0");
    } finally {
      for (const c of clients) c.release();
    }
  }, 30_000);

  it("a stop interrupts a reindex in progress, drops its artifacts and returns", async () => {
    const writer = await openWriter();
    const { r, logger } = reindexer({}, timedLogger(), ["river_job_metadata_index", "river_job_kind"]);
    const before = await identities();
    const run = r.runOnce();
    await waitFor(async () => (await artifacts()).includes("river_job_metadata_index_ccnew"), 5_000, "the reindex under way");
    const stopping = r.stop();
    setTimeout(() => void writer.release(), 300);
    const stopStarted = Date.now();
    await stopping;
    expect(Date.now() - stopStarted).toBeLessThan(5_000);
    expect(await run).toBe(0);
    expect(logger.entries.some((e) => e.message.includes("river_job_metadata_index was interrupted by stop"))).toBe(true);
    expect(await artifacts()).toEqual([]);
    // The index after it was not started.
    expect((await identities()).river_job_kind).toBe(before.river_job_kind);
  }, 30_000);
});

describe("where the reindexer cannot work", () => {
  it("a driver that runs every statement in a transaction: off with one log line, no artifact, no retry", async () => {
    const logger = timedLogger();
    const inTransaction = () => ({
      async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
        const c = await pool.connect();
        try {
          await c.query("BEGIN");
          const { rows } = await c.query(sql, params ? [...params] : undefined);
          await c.query("COMMIT");
          return rows as R[];
        } catch (err) {
          await c.query("ROLLBACK");
          throw err;
        } finally {
          c.release();
        }
      },
    });
    const r = new Reindexer({ executor: inTransaction, tables, logger, settings: { intervalMs: 86_400_000, timeoutMs: 60_000 } });
    running.push(r);
    const before = await identities();
    expect(await r.runOnce()).toBe(0);
    expect(await r.runOnce()).toBe(0);
    expect(logger.entries.filter((e) => e.level !== "debug").map((e) => e.message)).toEqual([
      "reindexer: off on this database: this driver runs every statement inside a transaction, where REINDEX CONCURRENTLY cannot run (set reindexer: false to silence this)",
    ]);
    expect(await identities()).toEqual(before);
    expect(await artifacts()).toEqual([]);
  });
});

describe("the reindexer option of a client", () => {
  function client(id: string, reindexer: unknown, logger = timedLogger()): Client<never> {
    const c = new Client<never>({
      driver: poolDriver(pool),
      schema: SCHEMA,
      id,
      queues: { default: { maxWorkers: 1 } },
      workers: {},
      electionInterval: 200,
      logger,
      reindexer: reindexer as boolean,
    });
    running.push(c);
    return c;
  }

  it("the leader runs it at the configured boundaries; reindexer: false turns it off", async () => {
    const off = client("off", false);
    await off.start();
    await waitFor(() => off.isLeader, 5_000, "leadership");
    const before = await identities();
    await sleep(2_500);
    expect(await identities()).toEqual(before);
    await off.stop();
    await admin.query(`DELETE FROM ${tables.leader}`);

    const logger = timedLogger();
    const on = client("on", { interval: 1_000, timeout: 10_000 }, logger);
    await on.start();
    await waitFor(() => logger.entries.some((e) => e.message === "reindexer: run finished"), 10_000, "a run");
    const after = await identities();
    for (const index of RIVER_JOB_INDEXES) expect(after[index], index).not.toBe(before[index]);
  }, 30_000);

  it("a bad reindexer option is INVALID_ARGUMENT naming the field", () => {
    for (const [value, field] of [
      [{ interval: 0 }, "config.reindexer.interval"],
      [{ timeout: -1 }, "config.reindexer.timeout"],
      ["daily", "config.reindexer"],
    ] as const) {
      let err: unknown;
      try {
        client("bad", value);
      } catch (e) {
        err = e;
      }
      expect(isTributaryError(err, "INVALID_ARGUMENT")).toBe(true);
      expect((err as Error).message).toContain(field);
    }
  });
});
