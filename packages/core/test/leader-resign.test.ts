// Leader resignation on request and the leaderElectionDisabled opt-out, through real clients.
import { readFileSync } from "node:fs";
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../src/client/client.js";
import type { ClientConfig } from "../src/config/client-config.js";
import { isTributaryError } from "../src/base/errors.js";
import { listenSql } from "../src/driver/listen-sql.js";
import type { SchemaTables } from "../src/sql/schema-tables.js";
import { capturingLogger, migratedPool, waitFor } from "./support/maintenance-fixtures.js";
import { listeningPoolDriver } from "./support/pg-listener.js";

interface Notification {
  name: string;
  payload: Record<string, unknown>;
  topic: string;
}
const golden = JSON.parse(readFileSync(new URL("./data/river-conformance/fixtures/protocol_values.json", import.meta.url), "utf8")) as {
  notifications: Notification[];
};
const goldenPayload = (name: string) => golden.notifications.find((n) => n.name === name)!;

let schema: IsolatedSchema;
let tables: SchemaTables;
let admin: pg.Pool;
let pool: pg.Pool;
const clients: Client<never>[] = [];

beforeAll(async () => {
  schema = await createIsolatedSchema("resign");
  ({ pool: admin, tables } = await migratedPool(schema.url, schema.name));
  pool = new pg.Pool({ connectionString: schema.url, max: 12 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await admin.query(`DELETE FROM ${tables.leader}`);
});

afterAll(async () => {
  await Promise.all([pool.end(), admin.end()]);
  await schema.drop();
});

function client(id: string, config: Partial<ClientConfig<never>> = {}): Client<never> {
  const c = new Client<never>({
    driver: listeningPoolDriver(pool, schema.url),
    schema: schema.name,
    id,
    queues: { default: { maxWorkers: 1 } },
    workers: {},
    logger: capturingLogger(),
    ...config,
  });
  clients.push(c);
  return c;
}

async function leaderId(): Promise<string | undefined> {
  const { rows } = await admin.query<{ leader_id: string }>(`SELECT leader_id FROM ${tables.leader}`);
  return rows[0]?.leader_id;
}

async function listenLeadership(): Promise<{ payloads: string[]; close: () => Promise<void> }> {
  const listener = new pg.Client({ connectionString: schema.url });
  await listener.connect();
  const payloads: string[] = [];
  listener.on("notification", (n) => payloads.push(n.payload ?? ""));
  await listener.query(listenSql(`${schema.name}.river_leadership`));
  return { payloads, close: () => listener.end() };
}

describe("request_resign", () => {
  it("client.requestLeaderResign() moves leadership to another client within 2 s, announced with River's payloads", async () => {
    const channel = await listenLeadership();
    try {
      // River's default interval and TTL: without the request, a takeover would take 5–15 s.
      const started = [client("a"), client("b"), client("c")];
      for (const c of started) await c.start();
      await waitFor(() => started.some((c) => c.isLeader), 7_000, "a leader");
      const first = started.find((c) => c.isLeader)!;
      // Any client may ask, an insert-only one too.
      const asker = client("asker", { queues: undefined });
      const askedAt = Date.now();
      await asker.requestLeaderResign();
      await waitFor(async () => started.some((c) => c !== first && c.isLeader) && (await leaderId()) !== first.id && (await leaderId()) !== undefined, 2_000, "another leader");
      expect(Date.now() - askedAt).toBeLessThan(2_000);
      expect(first.isLeader).toBe(false);
      expect(started.filter((c) => c.isLeader)).toHaveLength(1);
      expect(await leaderId()).toBe(started.find((c) => c.isLeader)!.id);

      // The request as Go encodes it, and the announcement byte for byte as River's SQL builds it.
      await waitFor(() => channel.payloads.length >= 2, 2_000, "the request and the announcement");
      expect(channel.payloads[0]).toBe('{"action":"request_resign","leader_id":""}');
      expect(JSON.parse(channel.payloads[0]!)).toEqual(goldenPayload("request_resign").payload);
      expect(channel.payloads[1]).toBe(`{"leader_id" : "${first.id}", "action" : "resigned"}`);
      expect(Object.keys(goldenPayload("resigned").payload).sort()).toEqual(Object.keys(JSON.parse(channel.payloads[1]!)).sort());
    } finally {
      await channel.close();
    }
  });

  it("a request sent by another process (River's payload on the channel) makes a lone leader resign and lead again later", async () => {
    const a = client("solo", { electionInterval: 300 });
    await a.start();
    await waitFor(() => a.isLeader, 3_000, "leadership");
    const changes: boolean[] = [];
    a.on("leader:changed", ({ isLeader }) => changes.push(isLeader));
    const payload = JSON.stringify(goldenPayload("request_resign").payload);
    await admin.query("SELECT pg_notify($1, $2)", [`${schema.name}.river_leadership`, payload]);
    await waitFor(() => changes.includes(false), 2_000, "resignation");
    // Nobody else is there: it wins again after holding off one interval.
    await waitFor(() => a.isLeader, 3_000, "leadership again");
    expect(changes.slice(0, 2)).toEqual([false, true]);
  });
});

describe("leaderElectionDisabled", () => {
  it("a client with it never leads, even alone; the others elect as usual", async () => {
    const follower = client("never", { leaderElectionDisabled: true, electionInterval: 100 });
    await follower.start();
    await new Promise((r) => setTimeout(r, 600));
    expect(follower.isLeader).toBe(false);
    expect(await leaderId()).toBeUndefined();
    const other = client("may-lead", { electionInterval: 100 });
    await other.start();
    await waitFor(async () => (await leaderId()) === "may-lead", 3_000, "the other client leading");
    expect(follower.isLeader).toBe(false);
  });

  it("refuses periodic jobs with INVALID_ARGUMENT, in the config and at runtime, as River does", () => {
    let err: unknown;
    try {
      client("x", { leaderElectionDisabled: true, periodicJobs: [{ every: 60_000, kind: "tick" }] });
    } catch (e) {
      err = e;
    }
    expect(isTributaryError(err, "INVALID_ARGUMENT")).toBe(true);
    expect((err as Error).message).toMatch(/config\.periodicJobs.*leaderElectionDisabled/);
    const c = client("y", { leaderElectionDisabled: true });
    expect(() => c.periodicJobs.add({ every: 60_000, kind: "tick" })).toThrow(/leaderElectionDisabled/);
    expect(c.periodicJobs.ids()).toEqual([]);
    expect(() => client("z", { leaderElectionDisabled: "yes" as unknown as boolean })).toThrow(/config\.leaderElectionDisabled/);
  });
});
