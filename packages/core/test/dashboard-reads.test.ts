// What the dashboard needed beyond the admin calls: who leads (`client.getLeader()`), the configured schedules (`periodicJobs.describe()`), the args filter.
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Client } from "../src/index.js";
import type { SchemaTables } from "../src/sql/schema-tables.js";
import { migratedPool } from "./support/maintenance-fixtures.js";
import { poolDriver } from "./support/pg-executor.js";

let schema: IsolatedSchema;
let pool: pg.Pool;
let tables: SchemaTables;

beforeAll(async () => {
  schema = await createIsolatedSchema("dash_reads");
  ({ pool, tables } = await migratedPool(schema.url, schema.name));
});
afterAll(async () => {
  await pool.end();
  await schema.drop();
});

it("getLeader returns the unexpired river_leader row, River's or ours, and null once it expired", async () => {
  const client = new Client({ driver: poolDriver(pool), schema: schema.name });
  expect(await client.getLeader()).toBeNull();
  await pool.query(`INSERT INTO ${tables.leader} (leader_id, elected_at, expires_at) VALUES ('go-worker-1', now() - interval '3 seconds', now() + interval '12 seconds')`);
  const leader = await client.getLeader();
  expect(leader?.leaderId).toBe("go-worker-1");
  expect(leader!.expiresAt.getTime() - leader!.electedAt.getTime()).toBe(15_000);
  await pool.query(`UPDATE ${tables.leader} SET expires_at = now() - interval '1 second'`);
  expect(await client.getLeader()).toBeNull();
});

it("periodicJobs.describe lists each schedule with its next run and the options of a run made now", () => {
  const client = new Client({
    driver: poolDriver(pool),
    schema: schema.name,
    periodicJobs: [
      { id: "nightly_report", cron: "30 2 * * *", timezone: "Europe/Paris", kind: "report", args: { full: true }, opts: { queue: "reports" } },
      { every: 60_000, kind: "heartbeat" },
    ],
  });
  const now = new Date("2026-12-01T10:00:30Z");
  expect(client.periodicJobs.describe(now)).toEqual([
    {
      id: "heartbeat:every:60000",
      kind: "heartbeat",
      schedule: "every:60000",
      nextRunAt: new Date("2026-12-01T10:01:00Z"),
      args: {},
      opts: { metadata: { "river:periodic_job_id": "heartbeat:every:60000" } },
    },
    {
      id: "nightly_report",
      kind: "report",
      schedule: "30 2 * * *@Europe/Paris",
      nextRunAt: new Date("2026-12-02T01:30:00Z"),
      args: { full: true },
      opts: { queue: "reports", metadata: { "river:periodic_job_id": "nightly_report" } },
    },
  ]);
});

it("the args filter keeps jobs whose args contain the object (exact numbers), alone or with a metadata filter", async () => {
  const client = new Client({ driver: poolDriver(pool), schema: schema.name });
  const big = 9007199254740993n;
  const a = await client.insert("charge", { customer: { id: big }, amount: 5 }, { metadata: { tenant: "acme" } });
  const b = await client.insert("charge", { customer: { id: 7 }, amount: 5 }, { metadata: { tenant: "acme" } });
  await client.insert("charge", { customer: { id: big }, amount: 9 }, { metadata: { tenant: "globex" } });
  const ids = async (filters: Parameters<typeof client.countJobs>[0]) => (await client.listJobs({ ...filters, kinds: ["charge"] })).map((j) => j.id);
  expect(await ids({ args: { customer: { id: 9007199254740993n } }, metadata: { tenant: "acme" } })).toEqual([a.job.id]);
  expect(await ids({ args: { amount: 5 } })).toEqual([a.job.id, b.job.id]);
  expect(await client.countJobs({ args: { customer: { id: big } } })).toBe(2);
  expect(await client.countJobs({ kinds: ["charge"], args: {} })).toBe(3);
  await expect(client.countJobs({ args: [1] as never })).rejects.toThrow(/filters\.args: must be a JSON object/);
});
