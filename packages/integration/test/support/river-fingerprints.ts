// River's recorded migration fingerprints (test data) and the checks that they are River's published files.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SchemaSnapshot } from "./migrate-schema-snapshot.js";

/** Written by `record-river-fingerprints.ts`; read by the migration tests. */
export const FINGERPRINTS_PATH = fileURLToPath(new URL("../data/river-migration-fingerprints.json", import.meta.url));

/** River's published sha256 of its migration files (the shared conformance copy in core's test data). */
export const RIVER_MIGRATIONS_JSON_PATH = fileURLToPath(
  new URL("../../../core/test/data/river-conformance/migrations.json", import.meta.url),
);

/** Fingerprints of a schema River's migrator took up from empty to each version, and down from 8 to each. */
export interface RiverFingerprints {
  source: {
    repository: string;
    note: string;
    /** Each River file fingerprinted, with the commit it was read at and its sha256. */
    files: { path: string; commit: string; sha256: string }[];
    /** `server_version` of the PostgreSQL the fingerprints were taken on. */
    postgres: string;
  };
  /** Key: the version reached going up from an empty schema ("0" = empty). */
  up: Record<string, SchemaSnapshot>;
  /** Key: the version reached going down, one version at a time, from 8. */
  down: Record<string, SchemaSnapshot>;
}

export function loadRiverFingerprints(): RiverFingerprints {
  return JSON.parse(readFileSync(FINGERPRINTS_PATH, "utf8")) as RiverFingerprints;
}

export function loadPublishedRiverMigrations(): { path: string; sha256: string }[] {
  return (JSON.parse(readFileSync(RIVER_MIGRATIONS_JSON_PATH, "utf8")) as { files: { path: string; sha256: string }[] }).files;
}
