// River main version 5: river_migration keyed by (line, version), river_job.unique_key, the reserved client tables.
import type { MigrationVersion } from "../migration-version.js";
import { firstShapeMigrationTable } from "./v001-create-river-migration.js";

/** The two UNLOGGED tables River reserved at version 5 and dropped unused at version 7. */
export function clientTables(p: string): string[] {
  return [
    `CREATE UNLOGGED TABLE ${p}river_client (
    id text PRIMARY KEY NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}',
    paused_at timestamptz,
    updated_at timestamptz NOT NULL,
    CONSTRAINT name_length CHECK (char_length(id) > 0 AND char_length(id) < 128)
)`,
    `CREATE UNLOGGED TABLE ${p}river_client_queue (
    river_client_id text NOT NULL REFERENCES ${p}river_client (id) ON DELETE CASCADE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    max_workers bigint NOT NULL DEFAULT 0,
    metadata jsonb NOT NULL DEFAULT '{}',
    num_jobs_completed bigint NOT NULL DEFAULT 0,
    num_jobs_running bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (river_client_id, name),
    CONSTRAINT name_length CHECK (char_length(name) > 0 AND char_length(name) < 128),
    CONSTRAINT num_jobs_completed_zero_or_positive CHECK (num_jobs_completed >= 0),
    CONSTRAINT num_jobs_running_zero_or_positive CHECK (num_jobs_running >= 0)
)`,
  ];
}

/**
 * Version 5: `river_migration` is rebuilt around `(line, version)` (existing rows move to
 * line `main`, keeping their `created_at`), `river_job.unique_key` and its first unique
 * index appear, and River adds the `river_client` tables it reserves for later use.
 *
 * The rebuilt tables are made while the renamed old one still exists, so their primary keys
 * get the names PostgreSQL picks then (`river_migration_pkey1` going up), exactly as River's.
 */
export const v005MigrationUniqueClient: MigrationVersion = {
  version: 5,
  name: "migration_unique_client",
  up: (p) => [
    // The table is missing when an app ran River's SQL through its own migration tool and
    // skipped version 1; River tolerates that, and so do we.
    `DO $do$
BEGIN
    IF to_regclass('${p}river_migration') IS NOT NULL THEN
        ALTER TABLE ${p}river_migration RENAME TO river_migration_old;
        CREATE TABLE ${p}river_migration (
            line text NOT NULL,
            version bigint NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT line_length CHECK (char_length(line) > 0 AND char_length(line) < 128),
            CONSTRAINT version_gte_1 CHECK (version >= 1),
            PRIMARY KEY (line, version)
        );
        INSERT INTO ${p}river_migration (created_at, line, version)
            SELECT created_at, 'main', version FROM ${p}river_migration_old;
        DROP TABLE ${p}river_migration_old;
    END IF;
END;
$do$`,
    // IF NOT EXISTS: River's changelog lets operators build this index CONCURRENTLY beforehand.
    `ALTER TABLE ${p}river_job ADD COLUMN IF NOT EXISTS unique_key bytea`,
    `CREATE UNIQUE INDEX IF NOT EXISTS river_job_kind_unique_key_idx ON ${p}river_job (kind, unique_key)
    WHERE unique_key IS NOT NULL`,
    ...clientTables(p),
  ],
  down: (p) => [
    // The first shape has no line: rows of other lines would be lost, so River refuses, and so do we.
    `DO $do$
BEGIN
    IF to_regclass('${p}river_migration') IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM ${p}river_migration WHERE line <> 'main') THEN
            RAISE EXCEPTION 'river_migration holds lines other than main: going below version 5 would lose them';
        END IF;
        ALTER TABLE ${p}river_migration RENAME TO river_migration_old;
        ${firstShapeMigrationTable(p).join(";\n        ")};
        INSERT INTO ${p}river_migration (created_at, version)
            SELECT created_at, version FROM ${p}river_migration_old;
        DROP TABLE ${p}river_migration_old;
    END IF;
END;
$do$`,
    `ALTER TABLE ${p}river_job DROP COLUMN unique_key`,
    `DROP TABLE ${p}river_client_queue`,
    `DROP TABLE ${p}river_client`,
  ],
  downDrops: { tables: ["river_client_queue", "river_client"], columns: [["river_job", "unique_key"]] },
};
