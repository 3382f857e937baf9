import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  assertMigrated,
  currentMigrationVersion,
  isTributaryError,
  LATEST_MIGRATION_VERSION,
  type Logger,
  migrate,
  migrationSql,
  migrationSqlFiles,
  REQUIRED_MIGRATION_VERSION,
} from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import type { IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { poolWithSearchPath, withSchemas } from "./support/migrate-fixture.js";
import { type SchemaSnapshot, schemaSnapshot } from "./support/migrate-schema-snapshot.js";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import {
  loadPublishedRiverMigrations,
  loadRiverFingerprints,
  RIVER_MIGRATIONS_JSON_PATH,
} from "./support/river-fingerprints.js";

const river = loadRiverFingerprints();
const VERSIONS = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string): Promise<Error> {
  let caught: unknown;
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (err) {
    caught = err;
  }
  expect(isTributaryError(caught), `expected a TributaryError ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  return caught as Error;
}

let ctx: PgTestContext;
beforeAll(async () => {
  ctx = await pgTestContext("mig");
});
afterAll(() => ctx?.close());

const snapshot = (schema: string): Promise<SchemaSnapshot> => schemaSnapshot(ctx.pool, schema);
const up = (schema: string, targetVersion?: number) => migrate(ctx.driver, { schema, targetVersion, logger: quiet });
const down = (schema: string, targetVersion: number, force = false) =>
  migrate(ctx.driver, { schema, targetVersion, direction: "down", force, logger: quiet });

/**
 * Leaves `schema` where River's migrator leaves a database at `version`: reached going up
 * from empty, or going down from 8. Checked against River's fingerprint before it is used.
 */
async function riverAt(schema: string, version: number, via: "up" | "down"): Promise<void> {
  if (via === "up") {
    await up(schema, version);
  } else {
    await up(schema, 8);
    await down(schema, version);
  }
  expect(await snapshot(schema), `River's catalog at ${version} (${via})`).toEqual(river[via][String(version)]);
}

describe("River's recorded fingerprints", () => {
  test("come from River's published migration files, and the conformance copy is unedited", () => {
    const published = loadPublishedRiverMigrations();
    expect(river.source.files.map((f) => [f.path, f.sha256]).sort()).toEqual(published.map((f) => [f.path, f.sha256]).sort());
    expect(river.source.files.every((f) => /^[0-9a-f]{40}$/.test(f.commit))).toBe(true);
    const dir = dirname(RIVER_MIGRATIONS_JSON_PATH);
    for (const line of readFileSync(join(dir, "SHA256SUMS"), "utf8").trim().split("\n")) {
      const [sha, file] = line.split(/\s+/);
      expect(createHash("sha256").update(readFileSync(join(dir, file!))).digest("hex"), file).toBe(sha);
    }
    expect(Object.keys(river.up).map(Number)).toEqual(VERSIONS);
    expect(Object.keys(river.down).map(Number).sort()).toEqual(VERSIONS.slice(0, 8));
  });

  test("differ where River's versions differ (a comparison against them can fail)", () => {
    expect(river.up["2"]!.enumValues).not.toContain("pending");
    expect(river.up["4"]!.enumValues).toContain("pending");
    // River's down from 4 keeps the enum value and drops metadata's default, which version 2 had.
    expect(river.down["3"]!.enumValues).toContain("pending");
    expect(river.down["3"]).not.toEqual(river.up["3"]);
    expect(Object.keys(river.up["7"]!.tables)).not.toContain("river_client");
    expect(river.up["8"]!.migrationRows).toContain("main:8");
  });
});

describe("migrate() up matches River's catalog at every version", () => {
  test.each(VERSIONS)("from empty to %i", async (version) => {
    await withSchemas(1, async ([s]) => {
      const result = await up(s!.name, version);
      expect(result).toEqual({ applied: VERSIONS.slice(1, version + 1), version });
      expect(await snapshot(s!.name)).toEqual(river.up[String(version)]);
    });
  });

  test("by default to 7, the version the runtime needs; 8 only when asked", async () => {
    expect(REQUIRED_MIGRATION_VERSION).toBe(7);
    expect(LATEST_MIGRATION_VERSION).toBe(8);
    await withSchemas(1, async ([s]) => {
      expect(await up(s!.name)).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7], version: 7 });
      expect(await snapshot(s!.name)).toEqual(river.up["7"]);
      // River's full 7: a queue row needs only its name, a job needs no max_attempts.
      await ctx.pool.query(`INSERT INTO "${s!.name}".river_queue (name) VALUES ('q')`);
      const job = await ctx.pool.query(`INSERT INTO "${s!.name}".river_job (kind, args) VALUES ('k', '{}') RETURNING max_attempts`);
      expect(job.rows).toEqual([{ max_attempts: 25 }]);
      expect(await up(s!.name, 8)).toEqual({ applied: [8], version: 8 });
      expect(await snapshot(s!.name)).toEqual(river.up["8"]);
    });
  });
});

describe("migrate() continues a database River left at any version", () => {
  const starts = [
    ...VERSIONS.map((v) => ({ version: v, via: "up" as const })),
    ...VERSIONS.slice(0, 8).map((v) => ({ version: v, via: "down" as const })),
  ];
  test.each(starts)("at $version (reached going $via) to 7 and to 8", async ({ version, via }) => {
    await withSchemas(1, async ([s]) => {
      await riverAt(s!.name, version, via);
      const result = await up(s!.name);
      expect(result.version).toBe(Math.max(7, version));
      expect(result.applied).toEqual(VERSIONS.slice(version + 1, 8));
      expect(await snapshot(s!.name)).toEqual(river.up[String(Math.max(7, version))]);
      expect(await up(s!.name, 8)).toEqual({ applied: version === 8 ? [] : [8], version: 8 });
      expect(await snapshot(s!.name)).toEqual(river.up["8"]);
    });
  });

  test("a database River recorded at 8 is accepted: migrate() changes nothing, the runtime starts", async () => {
    await withSchemas(1, async ([s]) => {
      await riverAt(s!.name, 8, "up");
      expect(await up(s!.name)).toEqual({ applied: [], version: 8 });
      await expect(assertMigrated(ctx.driver.executor(), s!.name)).resolves.toBeUndefined();
      expect(await snapshot(s!.name)).toEqual(river.up["8"]);
    });
  });

  test("version 3 in the first river_migration shape, with a job whose args are NULL: rows and created_at kept", async () => {
    await withSchemas(1, async ([s]) => {
      const schema = s!.name;
      await riverAt(schema, 3, "up");
      await ctx.pool.query(`UPDATE "${schema}".river_migration SET created_at = '2024-01-02T03:04:05Z' WHERE version = 2`);
      await ctx.pool.query(`INSERT INTO "${schema}".river_job (kind, max_attempts) VALUES ('old_job', 3)`);
      expect(await currentMigrationVersion(ctx.driver.executor(), schema)).toBe(3);
      await expectCode(assertMigrated(ctx.driver.executor(), schema), "MIGRATION_MISSING");

      expect(await up(schema)).toEqual({ applied: [4, 5, 6, 7], version: 7 });
      expect(await snapshot(schema)).toEqual(river.up["7"]);
      const kept = await ctx.pool.query(`SELECT created_at = '2024-01-02T03:04:05Z' AS kept FROM "${schema}".river_migration WHERE version = 2`);
      expect(kept.rows).toEqual([{ kept: true }]);
      const job = await ctx.pool.query(`SELECT kind, args, tags, metadata FROM "${schema}".river_job`);
      expect(job.rows).toEqual([{ kind: "old_job", args: {}, tags: [], metadata: {} }]);
    });
  });

  test("a database newer than Tributary knows is refused, and nothing changes", async () => {
    await withSchemas(1, async ([s]) => {
      const schema = s!.name;
      await ctx.pool.query(
        `CREATE TABLE "${schema}".river_migration (line text NOT NULL, version bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (line, version))`,
      );
      await ctx.pool.query(`INSERT INTO "${schema}".river_migration (line, version) VALUES ('main', 9), ('workflow', 20)`);
      for (const attempt of [up(schema), down(schema, 3, true)]) {
        const err = await expectCode(attempt, "MIGRATION_TOO_NEW");
        expect(err.message).toContain("version 9");
        expect(err.message).toContain("up to 8");
      }
      const tables = await ctx.pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema]);
      expect(tables.rows).toEqual([{ table_name: "river_migration" }]);
      expect((await snapshot(schema)).migrationRows).toEqual(["main:9", "workflow:20"]);
    });
  });

  test("another line's rows do not count as main's version", async () => {
    await withSchemas(1, async ([s]) => {
      await ctx.pool.query(
        `CREATE TABLE "${s!.name}".river_migration (line text NOT NULL, version bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (line, version))`,
      );
      await ctx.pool.query(`INSERT INTO "${s!.name}".river_migration (line, version) VALUES ('workflow', 20)`);
      expect(await currentMigrationVersion(ctx.driver.executor(), s!.name)).toBe(0);
    });
  });
});

describe("migrate() down leaves what River's down migrations leave", () => {
  test("one version at a time from 8 to 0", async () => {
    await withSchemas(1, async ([s]) => {
      await up(s!.name, 8);
      for (let version = 7; version >= 0; version--) {
        expect(await down(s!.name, version)).toEqual({ applied: [version + 1], version });
        expect(await snapshot(s!.name), `down to ${version}`).toEqual(river.down[String(version)]);
      }
      expect(await down(s!.name, 0)).toEqual({ applied: [], version: 0 });
    });
  });

  test.each(VERSIONS.slice(0, 8))("from 8 straight to %i, in one call", async (version) => {
    await withSchemas(1, async ([s]) => {
      await up(s!.name, 8);
      expect(await down(s!.name, version)).toEqual({ applied: VERSIONS.slice(version + 1).reverse(), version });
      expect(await snapshot(s!.name)).toEqual(river.down[String(version)]);
      expect(await down(s!.name, version)).toEqual({ applied: [], version });
    });
  });

  test("a lower targetVersion without direction: 'down' never goes down", async () => {
    await withSchemas(1, async ([s]) => {
      await up(s!.name);
      await ctx.pool.query(`INSERT INTO "${s!.name}".river_job (kind, args) VALUES ('k', '{}')`);
      expect(await up(s!.name, 3)).toEqual({ applied: [], version: 7 });
      expect(await snapshot(s!.name)).toEqual(river.up["7"]);
      const err = await expectCode(migrate(ctx.driver, { schema: s!.name, direction: "down" }), "INVALID_ARGUMENT");
      expect(err).toMatchObject({ field: "opts.targetVersion" });
      await expectCode(down(s!.name, 8), "INVALID_ARGUMENT");
      await expectCode(migrate(ctx.driver, { schema: s!.name, direction: "sideways" as "up" }), "INVALID_ARGUMENT");
      await expectCode(migrate(ctx.driver, { schema: s!.name, targetVersion: 9 }), "INVALID_ARGUMENT");
      await expectCode(migrate(ctx.driver, { schema: s!.name, targetVersion: 2.5 }), "INVALID_ARGUMENT");
      expect(await snapshot(s!.name)).toEqual(river.up["7"]);
    });
  });

  test.each([
    { target: 5, fill: "UPDATE $s.river_job SET unique_key = 'k'::bytea, unique_states = B'11110101'", lost: "river_job.unique_states (has values)" },
    { target: 4, fill: "UPDATE $s.river_job SET unique_key = 'k'::bytea", lost: "river_job.unique_key (has values)" },
    { target: 3, fill: "INSERT INTO $s.river_queue (name) VALUES ('q')", lost: "river_queue (has rows)" },
    { target: 1, fill: "SELECT 1", lost: "river_job (has rows)" },
    { target: 6, fill: "INSERT INTO $s.river_notification (topic, payload) VALUES ('t', 'p')", lost: "river_notification (has rows)" },
  ])("down to $target refuses to drop $lost unless forced", async ({ target, fill, lost }) => {
    await withSchemas(1, async ([s]) => {
      const schema = s!.name;
      await up(schema, 8);
      await ctx.pool.query(`INSERT INTO "${schema}".river_job (kind, args) VALUES ('k', '{}')`);
      await ctx.pool.query(fill.replaceAll("$s", `"${schema}"`));
      const before = await snapshot(schema);
      const err = await expectCode(down(schema, target), "MIGRATION_DOWN_REFUSED");
      expect(err.message).toContain(lost);
      expect(err.message).toContain("force: true");
      expect(await snapshot(schema)).toEqual(before);
      expect((await ctx.pool.query(`SELECT count(*)::int AS n FROM "${schema}".river_job`)).rows).toEqual([{ n: 1 }]);

      expect((await down(schema, target, true)).version).toBe(target);
      expect(await snapshot(schema)).toEqual(river.down[String(target)]);
    });
  });

  test("below 5 is refused while river_migration holds other lines, even forced, as River refuses", async () => {
    await withSchemas(1, async ([s]) => {
      await up(s!.name, 7);
      await ctx.pool.query(`INSERT INTO "${s!.name}".river_migration (line, version) VALUES ('workflow', 1)`);
      const before = await snapshot(s!.name);
      const err = await expectCode(down(s!.name, 4, true), "MIGRATION_DOWN_REFUSED");
      expect(err.message).toContain("workflow");
      expect(await snapshot(s!.name)).toEqual(before);
      expect(await down(s!.name, 5)).toEqual({ applied: [7, 6], version: 5 });
    });
  });

  test("a schema that does not exist is left alone going down", async () => {
    const schema = `${ctx.schema.name}_absent`;
    expect(await down(schema, 0)).toEqual({ applied: [], version: 0 });
    await expectCode(down(schema, 3), "INVALID_ARGUMENT");
    const found = await ctx.pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    expect(found.rows).toEqual([]);
  });
});

describe("a schema Tributary took to its first version 7 (the outbox only)", () => {
  /** What Tributary's migrate() built before River's version 7 was final: 1–6, the outbox, and ('main', 7). */
  async function earlyTributary7(schema: string): Promise<void> {
    await riverAt(schema, 6, "up");
    const s = `"${schema}"`;
    await ctx.pool.query(`CREATE TABLE ${s}.river_notification (
      id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL, topic text NOT NULL,
      CONSTRAINT topic_length CHECK (length(topic) > 0 AND length(topic) < 128))`);
    await ctx.pool.query(`CREATE INDEX river_notification_created_at_idx ON ${s}.river_notification (created_at)`);
    await ctx.pool.query(`CREATE INDEX river_notification_topic_id_idx ON ${s}.river_notification (topic, id)`);
    await ctx.pool.query(`INSERT INTO ${s}.river_migration (line, version) VALUES ('main', 7)`);
    await expect(ctx.pool.query(`INSERT INTO ${s}.river_queue (name) VALUES ('q')`)).rejects.toMatchObject({ code: "23502" });
  }

  test("is completed to River's 7 by the next migrate(), once, and River's down from 7 then works", async () => {
    await withSchemas(1, async ([s]) => {
      await earlyTributary7(s!.name);
      const lines: string[] = [];
      const logger: Logger = { ...quiet, info: (_fields, msg) => lines.push(msg) };
      expect(await migrate(ctx.driver, { schema: s!.name, logger })).toEqual({ applied: [], version: 7 });
      expect(lines).toEqual(["completed Tributary's early version 7 to River's version 7"]);
      expect(await snapshot(s!.name)).toEqual(river.up["7"]);
      await ctx.pool.query(`INSERT INTO "${s!.name}".river_queue (name) VALUES ('q')`);

      lines.length = 0;
      expect(await migrate(ctx.driver, { schema: s!.name, logger })).toEqual({ applied: [], version: 7 });
      expect(lines).toEqual([]);
      await ctx.pool.query(`DELETE FROM "${s!.name}".river_queue`);
      expect(await down(s!.name, 6)).toEqual({ applied: [7], version: 6 });
      expect(await snapshot(s!.name)).toEqual(river.down["6"]);
    });
  });

  test("is completed before going down, and by six racing callers without error", async () => {
    await withSchemas(2, async ([a, b]) => {
      await earlyTributary7(a!.name);
      expect(await down(a!.name, 5)).toEqual({ applied: [7, 6], version: 5 });
      expect(await snapshot(a!.name)).toEqual(river.down["5"]);

      await earlyTributary7(b!.name);
      const pools = Array.from({ length: 6 }, () => new pg.Pool({ connectionString: b!.url, max: 1 }));
      try {
        const results = await Promise.all(pools.map((p) => migrate(pgDriver(p, { listen: false }), { schema: b!.name, logger: quiet })));
        expect(results).toEqual(Array.from({ length: 6 }, () => ({ applied: [], version: 7 })));
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
      expect(await snapshot(b!.name)).toEqual(river.up["7"]);
    });
  });
});

describe("migrate() races safely in both directions", () => {
  async function race(url: string, opts: Parameters<typeof migrate>[1]) {
    const pools = Array.from({ length: 6 }, () => new pg.Pool({ connectionString: url, max: 1 }));
    try {
      return await Promise.all(pools.map((p) => migrate(pgDriver(p, { listen: false }), { logger: quiet, ...opts })));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  }

  test("six callers on a new schema apply each version once, up to 8 and back down to 0", async () => {
    // A schema that does not exist yet: its creation is part of the race.
    const schema = `${ctx.schema.name}_race`;
    try {
      const ups = await race(ctx.schema.url, { schema, targetVersion: 8 });
      expect(ups.every((r) => r.version === 8)).toBe(true);
      expect(ups.flatMap((r) => r.applied).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await snapshot(schema)).toEqual(river.up["8"]);

      const downs = await race(ctx.schema.url, { schema, targetVersion: 3, direction: "down" });
      expect(downs.every((r) => r.version === 3)).toBe(true);
      expect(downs.flatMap((r) => r.applied).sort()).toEqual([4, 5, 6, 7, 8]);
      expect(await snapshot(schema)).toEqual(river.down["3"]);

      const toZero = await race(ctx.schema.url, { schema, targetVersion: 0, direction: "down" });
      expect(toZero.flatMap((r) => r.applied).sort()).toEqual([1, 2, 3]);
      expect(await snapshot(schema)).toEqual(river.down["0"]);
    } finally {
      await ctx.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});

describe("migrationSql() and migrationSqlFiles()", () => {
  /** Runs each file in its own transaction on a connection whose search_path is `schema` (the SQL is unqualified). */
  async function runFiles(schema: IsolatedSchema, files: { sql: string }[]): Promise<void> {
    const onTarget = poolWithSearchPath(schema.url, schema.name);
    try {
      for (const file of files) await onTarget.pool.query(`BEGIN;\n${file.sql}\nCOMMIT;`);
    } finally {
      await onTarget.close();
    }
  }

  test.each(VERSIONS.slice(0, 8))("up from River's %i to 7 and to 8 equals River's catalog", async (version) => {
    await withSchemas(2, async ([a, b]) => {
      await riverAt(a!.name, version, "up");
      await runFiles(a!, migrationSqlFiles({ fromVersion: version }));
      expect(await snapshot(a!.name)).toEqual(river.up["7"]);
      await riverAt(b!.name, version, "up");
      await runFiles(b!, migrationSqlFiles({ fromVersion: version, toVersion: 8 }));
      expect(await snapshot(b!.name)).toEqual(river.up["8"]);
    });
  });

  test.each(VERSIONS.slice(0, 8))("down from 8 to %i equals River's catalog", async (version) => {
    await withSchemas(1, async ([s]) => {
      await up(s!.name, 8);
      const files = migrationSqlFiles({ fromVersion: 8, toVersion: version });
      expect(files.map((f) => [f.fromVersion, f.toVersion])).toEqual([[8, version]]);
      expect(migrationSql({ fromVersion: 8, toVersion: version })).toBe(files[0]!.sql);
      await runFiles(s!, files);
      expect(await snapshot(s!.name)).toEqual(river.down[String(version)]);
    });
  });

  test("a fresh install is one file, unqualified, and migrate() then has nothing to do", async () => {
    const files = migrationSqlFiles();
    expect(files.map((f) => [f.fromVersion, f.toVersion])).toEqual([[0, 7]]);
    expect(migrationSql()).toBe(files[0]!.sql);
    const sqlLines = files.flatMap((f) => f.sql.split("\n")).filter((line) => !line.startsWith("--"));
    expect(sqlLines.filter((line) => line.includes('"'))).toEqual([]);
    await withSchemas(1, async ([s]) => {
      await runFiles(s!, files);
      expect(await snapshot(s!.name)).toEqual(river.up["7"]);
      expect(await up(s!.name)).toEqual({ applied: [], version: 7 });
    });
  });

  test("refuses an up range one transaction cannot hold, and validates versions", async () => {
    // From version 2 or 3 the enum exists, so version 4's new value must commit before version 6 uses it.
    const err = await expectCode(() => migrationSql({ fromVersion: 2 }), "INVALID_ARGUMENT");
    expect(err.message).toContain("migrationSql({ fromVersion: 2, toVersion: 4 })");
    expect(err.message).toContain("migrationSql({ fromVersion: 4, toVersion: 7 })");
    expect(migrationSqlFiles({ fromVersion: 3 }).map((f) => [f.fromVersion, f.toVersion])).toEqual([
      [3, 4],
      [4, 7],
    ]);
    expect(migrationSql({ fromVersion: 4 })).toContain("INSERT INTO river_migration (line, version) VALUES ('main', 7);");
    expect(migrationSql({ schema: "jobs", toVersion: 4 })).toContain('INSERT INTO "jobs".river_migration (version) VALUES (4);');
    expect(migrationSql({ fromVersion: 7 })).toBe("");
    expect(migrationSql({ fromVersion: 8 })).toBe("");
    expect(migrationSql({ fromVersion: 7, toVersion: 8 })).toContain("INSERT INTO river_migration (line, version) VALUES ('main', 8);");
    expect(migrationSql({ fromVersion: 6, toVersion: 4 })).toContain("DELETE FROM river_migration WHERE version = 5;");
    await expectCode(() => migrationSql({ toVersion: 9 }), "INVALID_ARGUMENT");
    await expectCode(() => migrationSql({ fromVersion: -1 }), "INVALID_ARGUMENT");
  });
});

describe("the schema migrate() builds", () => {
  test("qualifies every object with the schema (nothing lands in the search_path schema)", async () => {
    await withSchemas(2, async ([target, decoy]) => {
      const onDecoy = poolWithSearchPath(target!.url, decoy!.name);
      try {
        await migrate(onDecoy.driver, { schema: target!.name, targetVersion: 8, logger: quiet });
        await migrate(onDecoy.driver, { schema: target!.name, targetVersion: 2, direction: "down", logger: quiet });
      } finally {
        await onDecoy.close();
      }
      expect(await snapshot(target!.name)).toEqual(river.down["2"]);
      expect(await snapshot(decoy!.name)).toEqual(river.up["0"]);
      const types = await ctx.pool.query("SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1", [
        decoy!.name,
      ]);
      expect(types.rows).toEqual([]);
    });
  });

  test("without a schema it migrates current_schema()", async () => {
    await withSchemas(1, async ([target]) => {
      const onTarget = poolWithSearchPath(target!.url, target!.name);
      try {
        expect(await migrate(onTarget.driver, { logger: quiet })).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7], version: 7 });
        expect(await snapshot(target!.name)).toEqual(river.up["7"]);
      } finally {
        await onTarget.close();
      }
    });
  });

  test("the bitmask function, CHECK constraints and the unique index behave as River's", async () => {
    await withSchemas(1, async ([target]) => {
      const s = target!.name;
      await up(s);
      const { rows } = await ctx.pool.query<{ state: string; in_default: boolean; in_available_only: boolean }>(
        `SELECT state::text AS state,
                "${s}".river_job_state_in_bitmask(B'11110101', state) AS in_default,
                "${s}".river_job_state_in_bitmask(B'00000001', state) AS in_available_only
         FROM unnest(enum_range(NULL::"${s}".river_job_state)) AS state`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.state, r.in_default]))).toEqual({
        available: true,
        cancelled: false,
        completed: true,
        discarded: false,
        pending: true,
        retryable: true,
        running: true,
        scheduled: true,
      });
      expect(rows.filter((r) => r.in_available_only).map((r) => r.state)).toEqual(["available"]);

      const insert = (cols: string, values: string) =>
        ctx.pool.query(`INSERT INTO "${s}".river_job (kind, args, max_attempts${cols}) VALUES ('k', '{}', 25${values})`);
      await expect(insert(", priority", ", 5")).rejects.toMatchObject({ code: "23514", constraint: "priority_in_range" });
      await expect(insert(", state", ", 'completed'")).rejects.toMatchObject({ code: "23514", constraint: "finalized_or_finalized_at_null" });
      await expect(insert(", finalized_at", ", now()")).rejects.toMatchObject({ code: "23514", constraint: "finalized_or_finalized_at_null" });
      await insert(", unique_key, unique_states", ", 'k1'::bytea, B'11110101'");
      await expect(insert(", unique_key, unique_states", ", 'k1'::bytea, B'11110101'")).rejects.toMatchObject({
        code: "23505",
        constraint: "river_job_unique_idx",
      });
      await ctx.pool.query(`UPDATE "${s}".river_job SET state = 'cancelled', finalized_at = now() WHERE unique_key = 'k1'::bytea`);
      await expect(insert(", unique_key, unique_states", ", 'k1'::bytea, B'11110101'")).resolves.toBeDefined();
    });
  });

  test("an invalid schema name is refused before any SQL runs", async () => {
    await expectCode(migrate(ctx.driver, { schema: "bad-name; drop" }), "INVALID_SCHEMA_NAME");
    await expectCode(() => migrationSql({ schema: "bad-name; drop" }), "INVALID_SCHEMA_NAME");
    await expectCode(currentMigrationVersion(ctx.driver.executor(), 'x"; drop'), "INVALID_SCHEMA_NAME");
  });

  test("a null current_schema() is refused with INVALID_SCHEMA_NAME", async () => {
    const onNowhere = poolWithSearchPath(ctx.schema.url, "no_such_schema_anywhere");
    try {
      const err = await expectCode(migrate(onNowhere.driver, { logger: quiet }), "INVALID_SCHEMA_NAME");
      expect(err.message).toContain("current_schema() is null");
    } finally {
      await onNowhere.close();
    }
  });

  test("assertMigrated on an empty schema says to run migrate()", async () => {
    await withSchemas(1, async ([target]) => {
      expect(await currentMigrationVersion(ctx.driver.executor(), target!.name)).toBe(0);
      const err = await expectCode(assertMigrated(ctx.driver.executor(), target!.name), "MIGRATION_MISSING");
      expect(err.message).toContain("migrate(driver");
    });
  });
});
