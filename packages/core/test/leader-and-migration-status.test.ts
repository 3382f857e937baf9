// The two reads behind `tributary stats` and `tributary migrate status`: client.getLeader() and migrationStatus().
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../src/client/client.js";
import { migrate } from "../src/migrate/migrate.js";
import { migrationStatus } from "../src/migrate/migration-status.js";
import { poolDriver } from "./support/pg-executor.js";

let schema: IsolatedSchema;
let pool: pg.Pool;

beforeAll(async () => {
  schema = await createIsolatedSchema("leader_status");
  pool = new pg.Pool({ connectionString: schema.url, max: 2 });
});

afterAll(async () => {
  await pool.end();
  await schema.drop();
});

describe("migrationStatus", () => {
  it("reads version 0 of an empty schema, then each version as migrate() applies them", async () => {
    const driver = poolDriver(pool);
    const empty = await migrationStatus(driver, { schema: schema.name });
    expect(empty).toMatchObject({ schema: schema.name, line: "main", version: 0, required: 7, latest: 8, pending: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(empty.versions.every((v) => !v.applied)).toBe(true);

    await migrate(driver, { schema: schema.name, targetVersion: 5 });
    const five = await migrationStatus(driver, { schema: schema.name });
    expect(five.version).toBe(5);
    expect(five.pending).toEqual([6, 7, 8]);
    expect(five.versions.map((v) => [v.version, v.applied])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((v) => [v, v <= 5]));
    expect(five.versions[3]).toEqual({ version: 4, name: "pending_and_more", applied: true });
  });

  it("defaults to current_schema() and refuses a bad schema name", async () => {
    const driver = poolDriver(pool);
    expect((await migrationStatus(driver)).schema).toBe("public");
    await expect(migrationStatus(driver, { schema: "" })).rejects.toMatchObject({ code: "INVALID_SCHEMA_NAME" });
  });
});

describe("client.getLeader", () => {
  it("is null with no leader row or an expired one, and the row's id and times while it holds", async () => {
    await migrate(poolDriver(pool), { schema: schema.name });
    const client = new Client({ driver: poolDriver(pool), schema: schema.name });
    expect(await client.getLeader()).toBeNull();

    await pool.query(`INSERT INTO "${schema.name}".river_leader (leader_id, elected_at, expires_at) VALUES ('go-worker-1', now(), now() + interval '30 seconds')`);
    const leader = await client.getLeader();
    expect(leader).toEqual({ leaderId: "go-worker-1", electedAt: expect.any(Date), expiresAt: expect.any(Date) });
    expect(leader!.expiresAt.getTime() - leader!.electedAt.getTime()).toBeCloseTo(30_000, -2);

    await pool.query(`UPDATE "${schema.name}".river_leader SET expires_at = now() - interval '1 second'`);
    expect(await client.getLeader()).toBeNull();
  });
});
