// Where `migrate print` writes River's SQL for each migration tool: plain files, Prisma's folders, Drizzle Kit's journaled files.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MigrationSqlFile } from "@tributary/core";
import { CommandFailed } from "./errors.js";

/** The formats `migrate print --format` takes. */
export const PRINT_FORMATS = ["sql", "prisma", "drizzle"] as const;
export type PrintFormat = (typeof PRINT_FORMATS)[number];

/** The name a file's migration carries: `river_v7`, or `river_v3_v7` for a down file or one of several. */
function migrationName(file: MigrationSqlFile): string {
  return file.toVersion < file.fromVersion ? `river_down_v${file.toVersion}` : `river_v${file.toVersion}`;
}

/** Plain SQL files `<from>_<to>_river_v<to>.sql` in `dir`; returns their paths. */
export function writeSqlFiles(dir: string, files: readonly MigrationSqlFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map((file) => {
    const path = join(dir, `${String(file.fromVersion).padStart(3, "0")}_${String(file.toVersion).padStart(3, "0")}_${migrationName(file)}.sql`);
    writeFileSync(path, file.sql);
    return path;
  });
}

/** `YYYYMMDDHHMMSS` in UTC, Prisma's migration folder prefix. */
function prismaStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * Prisma Migrate's layout: one `<timestamp>_river_v<N>/migration.sql` folder per file, each
 * stamped after the newest folder already there (Prisma applies folders in name order).
 */
export function writePrismaMigrations(dir: string, files: readonly MigrationSqlFile[], now = Date.now()): string[] {
  mkdirSync(dir, { recursive: true });
  const newest = readdirSync(dir)
    .map((name) => /^(\d{14})_/.exec(name)?.[1])
    .filter((stamp): stamp is string => stamp !== undefined)
    .sort()
    .at(-1);
  let ms = Math.floor(now / 1000) * 1000;
  if (newest !== undefined) {
    const t = Date.UTC(+newest.slice(0, 4), +newest.slice(4, 6) - 1, +newest.slice(6, 8), +newest.slice(8, 10), +newest.slice(10, 12), +newest.slice(12, 14));
    ms = Math.max(ms, t + 1000);
  }
  return files.map((file, i) => {
    const folder = join(dir, `${prismaStamp(ms + i * 1000)}_${migrationName(file)}`);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, "migration.sql");
    writeFileSync(path, file.sql);
    return path;
  });
}

/** Drizzle Kit's `meta/_journal.json`. */
interface DrizzleJournal {
  version: string;
  dialect: string;
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

/**
 * Drizzle Kit's layout: each file as `<idx>_river_v<N>.sql` with the next index of
 * `meta/_journal.json`, and its entry added to the journal (created when missing). Drizzle's
 * migrator applies only journaled files, in journal order, those whose `when` is after the
 * last one it applied, so `when` is later than every existing entry's.
 */
export function writeDrizzleMigrations(dir: string, files: readonly MigrationSqlFile[], now = Date.now()): string[] {
  const journalPath = join(dir, "meta", "_journal.json");
  let journal: DrizzleJournal = { version: "7", dialect: "postgresql", entries: [] };
  if (existsSync(journalPath)) {
    try {
      journal = JSON.parse(readFileSync(journalPath, "utf8")) as DrizzleJournal;
    } catch (err) {
      throw new CommandFailed(`${journalPath} is not valid JSON (${(err as Error).message}): nothing was written`);
    }
    if (!Array.isArray(journal.entries)) throw new CommandFailed(`${journalPath} has no "entries" list: nothing was written`);
  }
  mkdirSync(join(dir, "meta"), { recursive: true });
  let when = Math.max(now, ...journal.entries.map((e) => e.when + 1));
  let idx = journal.entries.reduce((max, e) => Math.max(max, e.idx + 1), 0);
  const paths = files.map((file) => {
    const tag = `${String(idx).padStart(4, "0")}_${migrationName(file)}`;
    const path = join(dir, `${tag}.sql`);
    writeFileSync(path, file.sql);
    journal.entries.push({ idx, version: journal.version ?? "7", when, tag, breakpoints: true });
    idx += 1;
    when += 1;
    return path;
  });
  writeFileSync(journalPath, `${JSON.stringify(journal, null, 2)}\n`);
  return paths;
}
