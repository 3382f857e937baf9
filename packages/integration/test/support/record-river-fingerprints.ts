// Records the catalog fingerprints of River's own migrations (run once by hand; its output is test data).
//
// River's migration SQL is River's code, so the repository keeps facts about it instead:
// this script applies River's `main` migration files, from a snapshot of riverqueue/river
// outside the repository, to a scratch schema exactly as River's migrator does (one
// transaction per version, `/* TEMPLATE: schema */` replaced by the quoted schema and a dot,
// the version row written or deleted in the same transaction) and writes the fingerprint of
// the schema after each step, up from empty to 8 and down from 8 to 0. Each file's sha256 must
// equal the one River publishes in `conformance/migrations.json`.
//
//   TEST_DATABASE_URL=postgres://… npx tsx test/support/record-river-fingerprints.ts \
//     <dir with River's NNN_name.{up,down}.sql> <version>=<commit> …
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createIsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { schemaSnapshot } from "./migrate-schema-snapshot.js";
import { FINGERPRINTS_PATH, type RiverFingerprints, RIVER_MIGRATIONS_JSON_PATH } from "./river-fingerprints.js";

interface RiverFile {
  version: number;
  name: string;
  direction: "up" | "down";
  sql: string;
  sha256: string;
}

async function readRiverFiles(dir: string, published: Map<string, string>): Promise<RiverFile[]> {
  const files: RiverFile[] = [];
  for (const entry of (await readdir(dir)).sort()) {
    const match = /^(\d{3})_(\w+)\.(up|down)\.sql$/.exec(entry);
    if (!match) continue;
    const bytes = await readFile(join(dir, entry));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (published.get(entry) !== sha256) throw new Error(`${entry}: sha256 ${sha256} is not the one River publishes`);
    files.push({ version: Number(match[1]), name: match[2]!, direction: match[3] as "up" | "down", sql: bytes.toString("utf8"), sha256 });
  }
  return files;
}

// River's migrator writes the version row without `line` while the table has its first shape (below 5).
function recordSql(table: string, version: number, direction: "up" | "down"): string | null {
  if (direction === "up") {
    return version < 5 ? `INSERT INTO ${table} (version) VALUES (${version})` : `INSERT INTO ${table} (line, version) VALUES ('main', ${version})`;
  }
  if (version === 1) return null; // the table itself is gone
  return version <= 5 ? `DELETE FROM ${table} WHERE version = ${version}` : `DELETE FROM ${table} WHERE line = 'main' AND version = ${version}`;
}

async function main(): Promise<void> {
  const [dir, ...commitArgs] = process.argv.slice(2);
  if (!dir) throw new Error("usage: record-river-fingerprints.ts <river migration dir> <version>=<commit> …");
  const commits = new Map(commitArgs.map((a) => a.split("=") as [string, string]).map(([v, c]) => [Number(v), c]));
  const publishedJson = JSON.parse(await readFile(RIVER_MIGRATIONS_JSON_PATH, "utf8")) as { files: { path: string; sha256: string }[] };
  const published = new Map(publishedJson.files.map((f) => [f.path.split("/").at(-1)!, f.sha256]));
  const files = await readRiverFiles(dir, published);
  const versions = [...new Set(files.map((f) => f.version))].sort((a, b) => a - b);

  const schema = await createIsolatedSchema("riverfp");
  const pool = new pg.Pool({ connectionString: schema.url, max: 1 });
  const prefix = `"${schema.name}".`;
  const table = `${prefix}river_migration`;
  const out: RiverFingerprints = {
    source: {
      repository: "riverqueue/river",
      note: "Catalog facts of River's own main-line migrations applied by this script; River's SQL is not stored here.",
      files: files.map((f) => ({
        path: publishedJson.files.find((p) => p.path.endsWith(`/${String(f.version).padStart(3, "0")}_${f.name}.${f.direction}.sql`))!.path,
        commit: commits.get(f.version) ?? "unknown",
        sha256: f.sha256,
      })),
      postgres: (await pool.query<{ v: string }>("SELECT current_setting($$server_version$$) AS v")).rows[0]!.v,
    },
    up: { "0": await schemaSnapshot(pool, schema.name) },
    down: {},
  };
  try {
    const run = async (version: number, direction: "up" | "down") => {
      const file = files.find((f) => f.version === version && f.direction === direction)!;
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(file.sql.replaceAll("/* TEMPLATE: schema */", prefix));
        const record = recordSql(table, version, direction);
        if (record) await client.query(record);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      } finally {
        client.release();
      }
    };
    for (const v of versions) {
      await run(v, "up");
      out.up[String(v)] = await schemaSnapshot(pool, schema.name);
    }
    for (const v of [...versions].reverse()) {
      await run(v, "down");
      out.down[String(v - 1)] = await schemaSnapshot(pool, schema.name);
    }
  } finally {
    await pool.end();
    await schema.drop();
  }
  await writeFile(FINGERPRINTS_PATH, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${versions.length} versions up and down`);
}

await main();
