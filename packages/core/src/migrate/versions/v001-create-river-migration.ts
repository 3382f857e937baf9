// River main version 1: the bookkeeping table river_migration in its first, line-less shape.
import type { MigrationVersion } from "../migration-version.js";

/** `river_migration` as versions 1–4 have it: a surrogate id and one row per applied version. */
export function firstShapeMigrationTable(p: string): string[] {
  return [
    `CREATE TABLE ${p}river_migration (
    id bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL,
    CONSTRAINT version CHECK (version >= 1)
)`,
    `CREATE UNIQUE INDEX ON ${p}river_migration USING btree (version)`,
  ];
}

/**
 * Version 1: the bookkeeping table in its first shape, keyed by a surrogate id with one row
 * per applied version. Version 5 rebuilds it around `(line, version)`.
 */
export const v001CreateRiverMigration: MigrationVersion = {
  version: 1,
  name: "create_river_migration",
  up: (p) => firstShapeMigrationTable(p),
  down: (p) => [`DROP TABLE ${p}river_migration`],
};
