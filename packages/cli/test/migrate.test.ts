// migrate up / down / status / print, run through the built binary against real schemas, at Tributary's version and older ones.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate as drizzleMigrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { testSchema, tributary, tributaryJson } from "./support/tributary.js";

const work = mkdtempSync(join(tmpdir(), "tributary-cli-migrate-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Status {
  schema: string;
  line: string;
  version: number;
  required: number;
  latest: number;
  pending: number[];
  versions: { version: number; name: string; applied: boolean }[];
}

const status = (schema: string) => tributaryJson<Status>(["migrate", "status", "--schema", schema]);

describe("migrate up", () => {
  it("takes an empty schema to version 7 and says what it applied; a second run applies nothing", async () => {
    const { name } = await testSchema("cli_up", false);
    const first = await tributary(["migrate", "up", "--schema", name]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("applied 1, 2, 3, 4, 5, 6, 7: now at version 7\n");
    // Progress went to stderr, one line per version, so stdout stays the result.
    expect(first.stderr.trim().split("\n")).toHaveLength(7);
    expect(first.stderr).toContain("applied River migration 007 notification_outbox_sqlite_jsonb_and_sql_cleanup");

    const again = await tributaryJson(["migrate", "up", "--schema", name]);
    expect(again).toEqual({ schema: name, applied: [], version: 7 });
    expect((await status(name)).version).toBe(7);
  });

  it("--json prints { schema, applied, version } only, and --target stops at that version", async () => {
    const { name } = await testSchema("cli_up_target", false);
    const run = await tributary(["migrate", "up", "--schema", name, "--target", "3", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ schema: name, applied: [1, 2, 3], version: 3 });
    expect(run.stderr).toBe("");
  });

  it("brings a database at an older version up: status before and after, River's migrate-list lines", async () => {
    const { name } = await testSchema("cli_older", false);
    await tributaryJson(["migrate", "up", "--schema", name, "--target", "4"]);

    const before = await status(name);
    expect(before).toEqual({
      schema: name,
      line: "main",
      version: 4,
      required: 7,
      latest: 8,
      pending: [5, 6, 7, 8],
      versions: [
        { version: 1, name: "create_river_migration", applied: true },
        { version: 2, name: "initial_schema", applied: true },
        { version: 3, name: "river_job_tags_non_null", applied: true },
        { version: 4, name: "pending_and_more", applied: true },
        { version: 5, name: "migration_unique_client", applied: false },
        { version: 6, name: "bulk_unique", applied: false },
        { version: 7, name: "notification_outbox_sqlite_jsonb_and_sql_cleanup", applied: false },
        { version: 8, name: "job_id_autoincrement", applied: false },
      ],
    });
    const text = await tributary(["migrate", "status", "--schema", name]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`schema ${name}, line main: version 4 (Tributary needs 7: run tributary migrate up); pending: 5, 6, 7, 8`);
    expect(lines.slice(1, 6)).toEqual(["  001 create river migration", "  002 initial schema", "  003 river job tags non null", "* 004 pending and more", "  005 migration unique client"]);

    expect(await tributaryJson(["migrate", "up", "--schema", name])).toEqual({ schema: name, applied: [5, 6, 7], version: 7 });
    expect(await status(name)).toMatchObject({ version: 7, pending: [8] });
  });
});

describe("migrate down", () => {
  it("needs --target: exit 2 with the command's help, nothing changed", async () => {
    const { name } = await testSchema("cli_down_usage");
    const run = await tributary(["migrate", "down", "--schema", name]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error: required option '--target <n>' not specified");
    expect(run.stderr).toContain("Usage: tributary migrate down [options]");
    expect((await status(name)).version).toBe(7);
  });

  it("refuses to drop tables that hold rows (exit 1, one line naming --force), then drops them with --force", async () => {
    const schema = await testSchema("cli_down_rows");
    await schema.client.insert("send_email", { to: "a@example.com" });
    const refused = await tributary(["migrate", "down", "--schema", schema.name, "--target", "1"]);
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tributary: schema ".+": going down to version 1 would drop .*river_job \(has rows\).*; pass --force to drop them \(nothing was changed\)$/);
    expect((await status(schema.name)).version).toBe(7);

    const forced = await tributaryJson(["migrate", "down", "--schema", schema.name, "--target", "1", "--force"]);
    expect(forced).toEqual({ schema: schema.name, applied: [7, 6, 5, 4, 3, 2], version: 1 });
    expect((await status(schema.name)).version).toBe(1);
    expect(await schema.sql("SELECT to_regclass('river_job') IS NULL AS dropped")).toEqual([{ dropped: true }]);
  });

  it("goes down without --force when nothing would be lost", async () => {
    const { name } = await testSchema("cli_down_empty");
    const run = await tributary(["migrate", "down", "--schema", name, "--target", "6"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("reverted 7: now at version 6\n");
  });
});

describe("migrate print", () => {
  it("writes the SQL to stdout without a database; applied as-is it migrates a schema to version 7", async () => {
    const schema = await testSchema("cli_print_sql", false);
    const run = await tributary(["migrate", "print", "--schema", schema.name], { env: { DATABASE_URL: undefined } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^-- River migration line "main", up from version 0 to 7/);
    await schema.sql(`BEGIN; ${run.stdout} COMMIT;`);
    expect((await status(schema.name)).version).toBe(7);
  });

  it("--format prisma writes one <timestamp>_river_v<N>/migration.sql folder per file, after the folders already there", async () => {
    const dir = join(work, "prisma-migrations");
    mkdirSync(join(dir, "20991231235959_app_init"), { recursive: true });
    writeFileSync(join(dir, "20991231235959_app_init", "migration.sql"), "SELECT 1;\n");
    // From version 3 the line needs two transactions (version 4's enum value must commit before 6 uses it): two folders.
    const files = await tributaryJson<{ files: { fromVersion: number; toVersion: number; path: string }[] }>([
      "migrate", "print", "--format", "prisma", "--from", "3", "--out", dir,
    ]);
    expect(files.files.map((f) => [f.fromVersion, f.toVersion])).toEqual([[3, 4], [4, 7]]);
    const folders = readdirSync(dir).sort();
    expect(folders).toEqual(["20991231235959_app_init", "21000101000000_river_v4", "21000101000001_river_v7"]);
    for (const folder of folders) expect(readdirSync(join(dir, folder))).toEqual(["migration.sql"]);
    expect(files.files.map((f) => f.path)).toEqual([join(dir, folders[1]!, "migration.sql"), join(dir, folders[2]!, "migration.sql")]);

    // What `prisma migrate deploy` would do: each folder in name order, each in its own transaction.
    const schema = await testSchema("cli_print_prisma", false);
    await tributaryJson(["migrate", "up", "--schema", schema.name, "--target", "3"]);
    for (const folder of folders.slice(1)) await schema.sql(`BEGIN; ${readFileSync(join(dir, folder, "migration.sql"), "utf8")} COMMIT;`);
    expect((await status(schema.name)).version).toBe(7);
  });

  it("--format prisma on an empty folder: one folder stamped with the current UTC time", async () => {
    const dir = join(work, "prisma-fresh");
    const run = await tributary(["migrate", "print", "--format", "prisma", "--out", dir]);
    expect(run.code).toBe(0);
    const [folder, ...rest] = readdirSync(dir);
    expect(rest).toEqual([]);
    expect(folder).toMatch(/^\d{14}_river_v7$/);
    expect(Math.abs(Date.parse(`${folder!.replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d).*/, "$1-$2-$3T$4:$5:$6Z")}`) - Date.now())).toBeLessThan(60_000);
    expect(run.stdout).toBe(`wrote ${join(dir, folder!, "migration.sql")} (version 0 → 7)\n`);
  });

  it("--format drizzle journals the file after the project's own migrations, and drizzle-kit's migrator applies it", async () => {
    const schema = await testSchema("cli_print_drizzle", false);
    const dir = join(work, "drizzle");
    mkdirSync(join(dir, "meta"), { recursive: true });
    // The project's own first migration, as drizzle-kit generate writes it.
    writeFileSync(join(dir, "0000_app_init.sql"), `CREATE TABLE "${schema.name}".orders (id serial PRIMARY KEY);\n`);
    const appEntry = { idx: 0, version: "7", when: Date.now() - 60_000, tag: "0000_app_init", breakpoints: true };
    writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "postgresql", entries: [appEntry] }, null, 2));

    const run = await tributary(["migrate", "print", "--format", "drizzle", "--schema", schema.name, "--out", dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`wrote ${join(dir, "0001_river_v7.sql")} (version 0 → 7)\n`);
    const journal = JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    expect(journal.entries.map((e) => [e.idx, e.tag])).toEqual([[0, "0000_app_init"], [1, "0001_river_v7"]]);
    expect(journal.entries[1]!.when).toBeGreaterThan(appEntry.when);

    await drizzleMigrate(drizzle(schema.pool), { migrationsFolder: dir, migrationsSchema: schema.name, migrationsTable: "__drizzle_migrations" });
    expect((await status(schema.name)).version).toBe(7);
    expect(await schema.sql("SELECT count(*)::int AS n FROM __drizzle_migrations")).toEqual([{ n: 2 }]);
    expect(await schema.sql("SELECT to_regclass('orders') IS NOT NULL AS found")).toEqual([{ found: true }]);
  });

  it("--format drizzle without a journal creates one, writes a two-transaction range one file at a time; prisma without --out is bad usage", async () => {
    const dir = join(work, "drizzle-fresh");
    expect((await tributary(["migrate", "print", "--format", "drizzle", "--out", dir])).code).toBe(0);
    const journal = JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8")) as { dialect: string; entries: { tag: string }[] };
    expect(journal.dialect).toBe("postgresql");
    expect(journal.entries.map((e) => e.tag)).toEqual(["0000_river_v7"]);

    // Two transactions' worth (from version 3): drizzle's migrator would run both in one and fail, so only the first
    // is written; applied, then printed again from 4, the schema reaches 7.
    const schema = await testSchema("cli_print_drizzle_split", false);
    await tributaryJson(["migrate", "up", "--schema", schema.name, "--target", "3"]);
    const splitDir = join(work, "drizzle-split");
    const split = await tributary(["migrate", "print", "--format", "drizzle", "--schema", schema.name, "--from", "3", "--out", splitDir]);
    expect(split.code).toBe(0);
    expect(split.stdout).toBe(`wrote ${join(splitDir, "0000_river_v4.sql")} (version 3 → 4)\n`);
    expect(split.stderr).toContain("apply this, then run tributary migrate print --format drizzle --from 4 for the rest");
    const db = drizzle(schema.pool);
    const drizzleOptions = { migrationsFolder: splitDir, migrationsSchema: schema.name, migrationsTable: "__drizzle_migrations" };
    await drizzleMigrate(db, drizzleOptions);
    expect((await status(schema.name)).version).toBe(4);
    expect((await tributary(["migrate", "print", "--format", "drizzle", "--schema", schema.name, "--from", "4", "--out", splitDir])).stderr).toBe("");
    await drizzleMigrate(db, drizzleOptions);
    expect((await status(schema.name)).version).toBe(7);
    expect(readdirSync(splitDir).sort()).toEqual(["0000_river_v4.sql", "0001_river_v7.sql", "meta"]);

    const usage = await tributary(["migrate", "print", "--format", "prisma"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: --format prisma needs --out <dir>");
    expect(usage.stderr).toContain("Usage: tributary migrate print");
  });
});
