import {
  assertMigrated,
  currentMigrationVersion,
  isTributaryError,
  LATEST_MIGRATION_VERSION,
  migrate,
  migrationSql,
  migrationSqlFiles,
} from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withSchemas, poolWithSearchPath } from "./support/migrate-fixture.js";
import { type ColumnFact, type SchemaSnapshot, schemaSnapshot } from "./support/migrate-schema-snapshot.js";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";

const col = (column: string, type: string, notNull: boolean, dflt: string | null = null): ColumnFact => ({
  column,
  type,
  notNull,
  default: dflt,
});

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

async function migrationRows(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ row: string }>(
    `SELECT line || ':' || version AS row FROM "${schema}".river_migration ORDER BY line, version`,
  );
  return rows.map((r) => r.row);
}

const MAIN_1_TO_7 = ["main:1", "main:2", "main:3", "main:4", "main:5", "main:6", "main:7"];

describe("migrate() on an empty schema", () => {
  let ctx: PgTestContext;
  let decoy: PgTestContext;
  let snapshot: SchemaSnapshot;
  let s: string;

  beforeAll(async () => {
    ctx = await pgTestContext("mig");
    decoy = await pgTestContext("migdecoy");
    s = ctx.schema.name;
    // The connection's search_path points at another, empty schema: anything not qualified would land there.
    const onDecoy = poolWithSearchPath(ctx.schema.url, decoy.schema.name);
    try {
      const result = await migrate(onDecoy.driver, { schema: s });
      expect(result).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7], version: 7 });
    } finally {
      await onDecoy.close();
    }
    snapshot = await schemaSnapshot(ctx.pool, s);
  });

  afterAll(async () => {
    await ctx?.close();
    await decoy?.close();
  });

  test("qualifies every object with the schema (nothing lands in the search_path schema)", async () => {
    const decoySnapshot = await schemaSnapshot(decoy.pool, decoy.schema.name);
    expect(decoySnapshot).toEqual({ tables: {}, constraints: [], indexes: [], enumValues: [], functions: [] });
    const { rows } = await decoy.pool.query("SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1", [
      decoy.schema.name,
    ]);
    expect(rows).toEqual([]);
  });

  test("river_job has River's columns, types, defaults and nullability", () => {
    expect(snapshot.tables.river_job?.persistence).toBe("p");
    expect(snapshot.tables.river_job?.columns).toEqual([
      col("id", "bigint", true, "nextval('<s>.river_job_id_seq'::regclass)"),
      col("state", "<s>.river_job_state", true, "'available'::<s>.river_job_state"),
      col("attempt", "smallint", true, "0"),
      // River's own schema has no default for max_attempts: its clients always send it.
      col("max_attempts", "smallint", true),
      col("attempted_at", "timestamp with time zone", false),
      col("created_at", "timestamp with time zone", true, "now()"),
      col("finalized_at", "timestamp with time zone", false),
      col("scheduled_at", "timestamp with time zone", true, "now()"),
      col("priority", "smallint", true, "1"),
      col("args", "jsonb", true),
      col("attempted_by", "text[]", false),
      col("errors", "jsonb[]", false),
      col("kind", "text", true),
      col("metadata", "jsonb", true, "'{}'::jsonb"),
      col("queue", "text", true, "'default'::text"),
      col("tags", "character varying(255)[]", true, "'{}'::character varying[]"),
      col("unique_key", "bytea", false),
      col("unique_states", "bit(8)", false),
    ]);
  });

  test("river_leader (UNLOGGED), river_queue, river_migration and river_notification match River", () => {
    expect(snapshot.tables.river_leader).toEqual({
      persistence: "u",
      columns: [
        col("elected_at", "timestamp with time zone", true),
        col("expires_at", "timestamp with time zone", true),
        col("leader_id", "text", true),
        col("name", "text", true, "'default'::text"),
      ],
    });
    expect(snapshot.tables.river_queue).toEqual({
      persistence: "p",
      columns: [
        col("name", "text", true),
        col("created_at", "timestamp with time zone", true, "now()"),
        col("metadata", "jsonb", true, "'{}'::jsonb"),
        col("paused_at", "timestamp with time zone", false),
        // As in River's migration 004: no default, River always sets it.
        col("updated_at", "timestamp with time zone", true),
      ],
    });
    expect(snapshot.tables.river_migration).toEqual({
      persistence: "p",
      columns: [col("line", "text", true), col("version", "bigint", true), col("created_at", "timestamp with time zone", true, "now()")],
    });
    expect(snapshot.tables.river_notification).toEqual({
      persistence: "p",
      columns: [
        col("id", "bigint", true, "nextval('<s>.river_notification_id_seq'::regclass)"),
        col("created_at", "timestamp with time zone", true, "now()"),
        col("payload", "text", true),
        col("topic", "text", true),
      ],
    });
    // River's migration 005 also reserves these two (unused) tables; River's down migrations expect them.
    expect(Object.keys(snapshot.tables).sort()).toEqual([
      "river_client",
      "river_client_queue",
      "river_job",
      "river_leader",
      "river_migration",
      "river_notification",
      "river_queue",
    ]);
  });

  test("constraints carry River's names", () => {
    const st = (v: string) => `'${v}'::<s>.river_job_state`;
    expect(snapshot.constraints).toEqual(
      expect.arrayContaining([
        `river_job finalized_or_finalized_at_null CHECK ((((finalized_at IS NULL) AND (state <> ALL (ARRAY[${st("cancelled")}, ${st("completed")}, ${st("discarded")}]))) OR ((finalized_at IS NOT NULL) AND (state = ANY (ARRAY[${st("cancelled")}, ${st("completed")}, ${st("discarded")}])))))`,
        "river_job kind_length CHECK (((char_length(kind) > 0) AND (char_length(kind) < 128)))",
        "river_job max_attempts_is_positive CHECK ((max_attempts > 0))",
        "river_job priority_in_range CHECK (((priority >= 1) AND (priority <= 4)))",
        "river_job queue_length CHECK (((char_length(queue) > 0) AND (char_length(queue) < 128)))",
        "river_job river_job_pkey PRIMARY KEY (id)",
        "river_leader leader_id_length CHECK (((char_length(leader_id) > 0) AND (char_length(leader_id) < 128)))",
        "river_leader name_length CHECK ((name = 'default'::text))",
        "river_leader river_leader_pkey PRIMARY KEY (name)",
        "river_queue river_queue_pkey PRIMARY KEY (name)",
        "river_migration line_length CHECK (((char_length(line) > 0) AND (char_length(line) < 128)))",
        "river_migration version_gte_1 CHECK ((version >= 1))",
        "river_notification topic_length CHECK (((length(topic) > 0) AND (length(topic) < 128)))",
      ]),
    );
    expect(snapshot.constraints.filter((c) => c.startsWith("river_migration ") && c.includes("PRIMARY KEY"))).toEqual([
      // Named ..._pkey1 as in River: version 5 builds the new table while the renamed old one still owns river_migration_pkey.
      "river_migration river_migration_pkey1 PRIMARY KEY (line, version)",
    ]);
  });

  test("indexes by name and definition", () => {
    const riverJobIndexes = snapshot.indexes.filter((i) => i.includes(" ON <s>.river_job "));
    expect(riverJobIndexes).toEqual([
      "CREATE INDEX river_job_args_index ON <s>.river_job USING gin (args)",
      "CREATE INDEX river_job_kind ON <s>.river_job USING btree (kind)",
      "CREATE INDEX river_job_metadata_index ON <s>.river_job USING gin (metadata)",
      "CREATE UNIQUE INDEX river_job_pkey ON <s>.river_job USING btree (id)",
      "CREATE INDEX river_job_prioritized_fetching_index ON <s>.river_job USING btree (state, queue, priority, scheduled_at, id)",
      "CREATE INDEX river_job_state_and_finalized_at_index ON <s>.river_job USING btree (state, finalized_at) WHERE (finalized_at IS NOT NULL)",
      "CREATE UNIQUE INDEX river_job_unique_idx ON <s>.river_job USING btree (unique_key) WHERE ((unique_key IS NOT NULL) AND (unique_states IS NOT NULL) AND <s>.river_job_state_in_bitmask(unique_states, state))",
    ]);
    expect(snapshot.indexes).toEqual(
      expect.arrayContaining([
        "CREATE INDEX river_notification_created_at_idx ON <s>.river_notification USING btree (created_at)",
        "CREATE INDEX river_notification_topic_id_idx ON <s>.river_notification USING btree (topic, id)",
      ]),
    );
  });

  test("enum values in River's order, and the bitmask function", async () => {
    expect(snapshot.enumValues).toEqual(["available", "cancelled", "completed", "discarded", "pending", "retryable", "running", "scheduled"]);
    expect(snapshot.functions).toEqual(["river_job_state_in_bitmask(bitmask bit, state <s>.river_job_state) i boolean"]);
    const { rows } = await ctx.pool.query<{ state: string; in_default: boolean; in_available_only: boolean }>(
      `SELECT state::text AS state,
              "${s}".river_job_state_in_bitmask(B'11110101', state) AS in_default,
              "${s}".river_job_state_in_bitmask(B'00000001', state) AS in_available_only
       FROM unnest(enum_range(NULL::"${s}".river_job_state)) AS state`,
    );
    const inDefault = Object.fromEntries(rows.map((r) => [r.state, r.in_default]));
    expect(inDefault).toEqual({
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
  });

  test("CHECK constraints and the unique index reject what River rejects", async () => {
    const insert = (cols: string, values: string) => ctx.pool.query(`INSERT INTO "${s}".river_job (kind, args, max_attempts${cols}) VALUES ('k', '{}', 25${values})`);
    await expect(insert(", priority", ", 5")).rejects.toMatchObject({ code: "23514", constraint: "priority_in_range" });
    await expect(insert(", priority", ", 0")).rejects.toMatchObject({ code: "23514", constraint: "priority_in_range" });
    await expect(insert(", state", ", 'completed'")).rejects.toMatchObject({ code: "23514", constraint: "finalized_or_finalized_at_null" });
    await expect(insert(", finalized_at", ", now()")).rejects.toMatchObject({ code: "23514", constraint: "finalized_or_finalized_at_null" });
    await expect(ctx.pool.query(`INSERT INTO "${s}".river_job (kind, args, max_attempts) VALUES ('', '{}', 25)`)).rejects.toMatchObject({
      constraint: "kind_length",
    });
    await expect(insert(", priority", ", 4")).resolves.toBeDefined();

    // Same key: a second live row is refused while the first is in a listed state, allowed once it is not.
    await insert(", unique_key, unique_states", ", 'k1'::bytea, B'11110101'");
    await expect(insert(", unique_key, unique_states", ", 'k1'::bytea, B'11110101'")).rejects.toMatchObject({
      code: "23505",
      constraint: "river_job_unique_idx",
    });
    await ctx.pool.query(`UPDATE "${s}".river_job SET state = 'cancelled', finalized_at = now() WHERE unique_key = 'k1'::bytea`);
    await expect(insert(", unique_key, unique_states", ", 'k1'::bytea, B'11110101'")).resolves.toBeDefined();

    await expect(ctx.pool.query(`INSERT INTO "${s}".river_leader (leader_id, elected_at, expires_at, name) VALUES ('a', now(), now(), 'other')`)).rejects.toMatchObject({
      constraint: "name_length",
    });
  });

  test("records ('main', 1..7); a second run applies nothing; assertMigrated passes", async () => {
    expect(await migrationRows(ctx.pool, s)).toEqual(MAIN_1_TO_7);
    expect(await migrate(ctx.driver, { schema: s })).toEqual({ applied: [], version: 7 });
    expect(await migrationRows(ctx.pool, s)).toEqual(MAIN_1_TO_7);
    expect(await currentMigrationVersion(ctx.driver.executor(), s)).toBe(LATEST_MIGRATION_VERSION);
    await expect(assertMigrated(ctx.driver.executor(), s)).resolves.toBeUndefined();
  });

  test("migrationSql() of a fresh install is one file that runs in one transaction and builds the same schema", async () => {
    await withSchemas(1, async ([target]) => {
      const files = migrationSqlFiles();
      expect(files.map((f) => [f.fromVersion, f.toVersion])).toEqual([[0, 7]]);
      expect(migrationSql()).toBe(files[0]!.sql);
      const sqlLines = files.flatMap((f) => f.sql.split("\n")).filter((line) => !line.startsWith("--"));
      expect(sqlLines.filter((line) => line.includes('"'))).toEqual([]);
      const onTarget = poolWithSearchPath(target!.url, target!.name);
      try {
        for (const file of files) await onTarget.pool.query(`BEGIN;\n${file.sql}\nCOMMIT;`);
      } finally {
        await onTarget.close();
      }
      expect(await schemaSnapshot(ctx.pool, target!.name)).toEqual(snapshot);
      expect(await migrationRows(ctx.pool, target!.name)).toEqual(MAIN_1_TO_7);
      expect(await migrate(ctx.driver, { schema: target!.name })).toEqual({ applied: [], version: 7 });
    });
  });
});

describe("migrate() continuing a database River's tool left at an older version", () => {
  let ctx: PgTestContext;
  let reference: SchemaSnapshot;

  beforeAll(async () => {
    ctx = await pgTestContext("mig");
    await migrate(ctx.driver, { schema: ctx.schema.name });
    reference = await schemaSnapshot(ctx.pool, ctx.schema.name);
  });
  afterAll(() => ctx?.close());

  test("version 3 (first river_migration shape, a job with NULL args) is completed to 7", async () => {
    await withSchemas(1, async ([at3]) => {
      const s = at3!.name;
      // River's tool at version 3: versions 1-3 and rows in the (id, created_at, version) table.
      await ctx.pool.query(migrationSql({ schema: s, toVersion: 3 }));
      const oldShape = await ctx.pool.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'river_migration' ORDER BY ordinal_position",
        [s],
      );
      expect(oldShape.rows.map((r) => r.column_name)).toEqual(["id", "created_at", "version"]);
      await ctx.pool.query(`UPDATE "${s}".river_migration SET created_at = '2024-01-02T03:04:05Z' WHERE version = 2`);
      await ctx.pool.query(`INSERT INTO "${s}".river_job (kind, max_attempts) VALUES ('old_job', 3)`);
      expect(await currentMigrationVersion(ctx.driver.executor(), s)).toBe(3);
      await expectCode(assertMigrated(ctx.driver.executor(), s), "MIGRATION_MISSING");

      expect(await migrate(ctx.driver, { schema: s })).toEqual({ applied: [4, 5, 6, 7], version: 7 });

      expect(await schemaSnapshot(ctx.pool, s)).toEqual(reference);
      expect(await migrationRows(ctx.pool, s)).toEqual(MAIN_1_TO_7);
      const kept = await ctx.pool.query(`SELECT created_at = '2024-01-02T03:04:05Z' AS kept FROM "${s}".river_migration WHERE version = 2`);
      expect(kept.rows).toEqual([{ kept: true }]);
      const job = await ctx.pool.query(`SELECT kind, args, tags, metadata FROM "${s}".river_job`);
      expect(job.rows).toEqual([{ kind: "old_job", args: {}, tags: [], metadata: {} }]);
    });
  });

  test("version 5 is completed to 7", async () => {
    await withSchemas(1, async ([at5]) => {
      const s = at5!.name;
      for (const file of migrationSqlFiles({ schema: s, toVersion: 5 })) await ctx.pool.query(file.sql);
      expect(await migrationRows(ctx.pool, s)).toEqual(MAIN_1_TO_7.slice(0, 5));
      expect(await migrate(ctx.driver, { schema: s })).toEqual({ applied: [6, 7], version: 7 });
      expect(await schemaSnapshot(ctx.pool, s)).toEqual(reference);
      expect(await migrationRows(ctx.pool, s)).toEqual(MAIN_1_TO_7);
    });
  });

  test("a database newer than Tributary knows is refused, and nothing changes", async () => {
    await withSchemas(1, async ([newer]) => {
      const s = newer!.name;
      await ctx.pool.query(`CREATE TABLE "${s}".river_migration (line text NOT NULL, version bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (line, version))`);
      await ctx.pool.query(`INSERT INTO "${s}".river_migration (line, version) VALUES ('main', 9), ('workflow', 20)`);
      const err = await expectCode(migrate(ctx.driver, { schema: s }), "MIGRATION_TOO_NEW");
      expect(err.message).toContain("version 9");
      expect(err.message).toContain("up to 7");
      const tables = await ctx.pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [s]);
      expect(tables.rows).toEqual([{ table_name: "river_migration" }]);
      expect(await migrationRows(ctx.pool, s)).toEqual(["main:9", "workflow:20"]);
    });
  });

  test("another line's rows do not count as main's version", async () => {
    await withSchemas(1, async ([other]) => {
      const s = other!.name;
      await ctx.pool.query(`CREATE TABLE "${s}".river_migration (line text NOT NULL, version bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (line, version))`);
      await ctx.pool.query(`INSERT INTO "${s}".river_migration (line, version) VALUES ('workflow', 20)`);
      expect(await currentMigrationVersion(ctx.driver.executor(), s)).toBe(0);
    });
  });
});

describe("migrate() options and concurrency", () => {
  test("10 concurrent callers on separate pools all succeed and apply each version once", async () => {
    const ctx = await pgTestContext("mig");
    const pools = Array.from({ length: 10 }, () => new pg.Pool({ connectionString: ctx.schema.url, max: 1 }));
    // A schema that does not exist yet: its creation is part of the race.
    const s = `${ctx.schema.name}_new`;
    try {
      const results = await Promise.all(pools.map((pool) => migrate(pgDriver(pool, { listen: false }), { schema: s })));
      expect(results.every((r) => r.version === 7)).toBe(true);
      expect(results.flatMap((r) => r.applied).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await migrationRows(ctx.pool, s)).toEqual(MAIN_1_TO_7);
    } finally {
      await ctx.pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      await Promise.all(pools.map((p) => p.end()));
      await ctx.close();
    }
  });

  test("without a schema it migrates current_schema()", async () => {
    await withSchemas(1, async ([target]) => {
      const onTarget = poolWithSearchPath(target!.url, target!.name);
      try {
        expect(await migrate(onTarget.driver)).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7], version: 7 });
        const found = await onTarget.pool.query("SELECT to_regclass($1) IS NOT NULL AS found", [`"${target!.name}".river_job`]);
        expect(found.rows).toEqual([{ found: true }]);
      } finally {
        await onTarget.close();
      }
    });
  });

  test("an invalid schema name is refused before any SQL runs", async () => {
    const ctx = await pgTestContext("mig");
    try {
      await expectCode(migrate(ctx.driver, { schema: "bad-name; drop" }), "INVALID_SCHEMA_NAME");
      await expectCode(() => migrationSql({ schema: "bad-name; drop" }), "INVALID_SCHEMA_NAME");
      await expectCode(currentMigrationVersion(ctx.driver.executor(), 'x"; drop'), "INVALID_SCHEMA_NAME");
    } finally {
      await ctx.close();
    }
  });

  test("assertMigrated on an empty schema says to run migrate()", async () => {
    const ctx = await pgTestContext("mig");
    try {
      expect(await currentMigrationVersion(ctx.driver.executor(), ctx.schema.name)).toBe(0);
      const err = await expectCode(assertMigrated(ctx.driver.executor(), ctx.schema.name), "MIGRATION_MISSING");
      expect(err.message).toContain("migrate(driver");
    } finally {
      await ctx.close();
    }
  });

  test("migrationSql() refuses a range one transaction cannot hold, and validates versions", async () => {
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
    await expectCode(() => migrationSql({ toVersion: 8 }), "INVALID_ARGUMENT");
    await expectCode(() => migrationSql({ fromVersion: 5, toVersion: 4 }), "INVALID_ARGUMENT");
  });
});
