import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LeaderElector } from "../src/leader/elector.js";
import { listenSql } from "../src/driver/listen-sql.js";
import type { SchemaTables } from "../src/sql/schema-tables.js";
import { capturingLogger, migratedPool, waitFor } from "./support/maintenance-fixtures.js";
import { poolExecutor } from "./support/pg-executor.js";

let schema: IsolatedSchema;
let tables: SchemaTables;
let admin: pg.Pool;
const pools: pg.Pool[] = [];
const electors: LeaderElector[] = [];

beforeAll(async () => {
  schema = await createIsolatedSchema("leader");
  ({ pool: admin, tables } = await migratedPool(schema.url, schema.name));
  for (let i = 0; i < 3; i++) pools.push(new pg.Pool({ connectionString: schema.url, max: 2 }));
});

afterEach(async () => {
  await Promise.all(electors.splice(0).map((e) => e.stop()));
  await admin.query(`DELETE FROM ${tables.leader}`);
});

afterAll(async () => {
  await Promise.all([...pools, admin].map((p) => p.end()));
  await schema.drop();
});

function elector(i: number, opts: { intervalMs?: number; ttlMs?: number; onChange?: (l: boolean) => void } = {}) {
  const e = new LeaderElector({
    executor: () => poolExecutor(pools[i]!),
    tables,
    clientId: `client-${i}`,
    intervalMs: opts.intervalMs ?? 200,
    ttlMs: opts.ttlMs ?? 1_000,
    logger: capturingLogger(),
    onChange: opts.onChange,
  });
  electors.push(e);
  return e;
}

async function leaderRow(): Promise<{ leader_id: string } | undefined> {
  const { rows } = await admin.query<{ leader_id: string }>(`SELECT leader_id FROM ${tables.leader}`);
  return rows[0];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("LeaderElector", () => {
  it("elects exactly one leader among three clients, the one named in river_leader", async () => {
    const es = [elector(0), elector(1), elector(2)];
    for (const e of es) e.start();
    await waitFor(() => es.some((e) => e.isLeader), 2_000, "a leader");
    // Several intervals later, still one leader and the others keep losing.
    await sleep(700);
    const leaders = es.filter((e) => e.isLeader);
    expect(leaders).toHaveLength(1);
    const row = await leaderRow();
    expect(row?.leader_id).toBe(`client-${es.indexOf(leaders[0]!)}`);
  });

  it("renews its row so leadership outlives the TTL", async () => {
    const e = elector(0, { intervalMs: 100, ttlMs: 500 });
    e.start();
    await waitFor(() => e.isLeader, 2_000, "leadership");
    const { rows: before } = await admin.query<{ expires: string }>(`SELECT expires_at::text AS expires FROM ${tables.leader}`);
    await sleep(800);
    expect(e.isLeader).toBe(true);
    const { rows: after } = await admin.query<{ expires: string; elected: string; still_valid: boolean }>(
      `SELECT expires_at::text AS expires, (expires_at > now()) AS still_valid FROM ${tables.leader}`,
    );
    expect(after[0]?.still_valid).toBe(true);
    expect(after[0]?.expires).not.toBe(before[0]?.expires);
  });

  it("resigns on stop: deletes its row, notifies river_leadership, and another client takes over within an interval", async () => {
    const listener = new pg.Client({ connectionString: schema.url });
    await listener.connect();
    const payloads: string[] = [];
    listener.on("notification", (n) => payloads.push(n.payload ?? ""));
    await listener.query(listenSql(`${schema.name}.river_leadership`));
    try {
      // A 5 s TTL: a takeover well before it proves the resignation freed the row.
      const es = [0, 1, 2].map((i) => elector(i, { ttlMs: 5_000 }));
      for (const e of es) e.start();
      await waitFor(() => es.some((e) => e.isLeader), 2_000, "a leader");
      const first = es.find((e) => e.isLeader)!;
      const firstId = `client-${es.indexOf(first)}`;

      await first.stop();
      expect(first.isLeader).toBe(false);
      const stoppedAt = Date.now();
      await waitFor(() => es.some((e) => e !== first && e.isLeader), 2_000, "a new leader");
      // Within the 200 ms election interval (plus scheduling slack), not after the TTL.
      expect(Date.now() - stoppedAt).toBeLessThan(2_000);
      await waitFor(() => payloads.length > 0, 2_000, "the resignation notification");
      // Byte for byte what River's LeaderResign statement sends (json_build_object's spacing).
      expect(payloads[0]).toBe(`{"leader_id" : "${firstId}", "action" : "resigned"}`);
      expect((await leaderRow())?.leader_id).not.toBe(firstId);
    } finally {
      await listener.end();
    }
  });

  it("tryElectNow takes over right after a resignation, without waiting for the interval", async () => {
    const a = elector(0, { intervalMs: 60_000, ttlMs: 120_000 });
    const b = elector(1, { intervalMs: 60_000, ttlMs: 120_000 });
    a.start();
    await waitFor(() => a.isLeader, 2_000, "a leads");
    b.start();
    expect(await b.tryElectNow()).toBe(false);
    await a.stop();
    expect(await b.tryElectNow()).toBe(true);
    expect((await leaderRow())?.leader_id).toBe("client-1");
  });

  it("a leader whose row expired loses leadership", async () => {
    const changes: boolean[] = [];
    const e = elector(0, { intervalMs: 150, ttlMs: 60_000, onChange: (l) => changes.push(l) });
    e.start();
    await waitFor(() => e.isLeader, 2_000, "leadership");
    await admin.query(`UPDATE ${tables.leader} SET expires_at = now() - interval '1 second'`);
    await waitFor(() => changes.includes(false), 2_000, "leadership lost");
    expect(changes.slice(0, 2)).toEqual([true, false]);
  });

  it("a leader whose row another client holds loses leadership and stays a follower", async () => {
    const changes: boolean[] = [];
    const e = elector(0, { intervalMs: 100, ttlMs: 60_000, onChange: (l) => changes.push(l) });
    e.start();
    await waitFor(() => e.isLeader, 2_000, "leadership");
    await admin.query(`UPDATE ${tables.leader} SET leader_id = 'river-go-client', expires_at = now() + interval '1 minute'`);
    await waitFor(() => !e.isLeader, 2_000, "leadership lost");
    await sleep(400);
    expect(e.isLeader).toBe(false);
    expect(changes).toEqual([true, false]);
    expect((await leaderRow())?.leader_id).toBe("river-go-client");
  });

  it("does not steal an unexpired row held by someone else, and takes it once it expires", async () => {
    await admin.query(
      `INSERT INTO ${tables.leader} (leader_id, elected_at, expires_at) VALUES ('river-go-client', now(), now() + interval '600 milliseconds')`,
    );
    const e = elector(0, { intervalMs: 100 });
    e.start();
    await sleep(300);
    expect(e.isLeader).toBe(false);
    await waitFor(() => e.isLeader, 2_000, "takeover after expiry");
    expect((await leaderRow())?.leader_id).toBe("client-0");
  });

  it("a restarted client whose row is still valid is leader again at once", async () => {
    await admin.query(
      `INSERT INTO ${tables.leader} (leader_id, elected_at, expires_at) VALUES ('client-0', now(), now() + interval '1 minute')`,
    );
    const e = elector(0, { intervalMs: 60_000 });
    e.start();
    expect(await e.tryElectNow()).toBe(true);
  });

  it("logs database errors instead of throwing, and keeps trying", async () => {
    const logger = capturingLogger();
    let fail = true;
    const e = new LeaderElector({
      executor: () => (fail ? { query: () => Promise.reject(new Error("connection refused")) } : poolExecutor(pools[0]!)),
      tables,
      clientId: "client-flaky",
      intervalMs: 100,
      ttlMs: 1_000,
      logger,
    });
    electors.push(e);
    e.start();
    await waitFor(() => logger.entries.some((x) => x.level === "warn"), 2_000, "a warning");
    expect(e.isLeader).toBe(false);
    fail = false;
    await waitFor(() => e.isLeader, 2_000, "leadership after recovery");
  });
});
