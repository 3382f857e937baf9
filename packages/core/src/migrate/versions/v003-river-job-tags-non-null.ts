// River main version 3: river_job.tags becomes NOT NULL with an empty-array default.
import type { MigrationVersion } from "../migration-version.js";

/** Version 3: `river_job.tags` becomes NOT NULL with an empty-array default, back-filling old rows. */
export const v003RiverJobTagsNonNull: MigrationVersion = {
  version: 3,
  name: "river_job_tags_non_null",
  up: (p) => [
    `ALTER TABLE ${p}river_job ALTER COLUMN tags SET DEFAULT '{}'`,
    `UPDATE ${p}river_job SET tags = '{}' WHERE tags IS NULL`,
    `ALTER TABLE ${p}river_job ALTER COLUMN tags SET NOT NULL`,
  ],
  down: (p) => [`ALTER TABLE ${p}river_job ALTER COLUMN tags DROP NOT NULL, ALTER COLUMN tags DROP DEFAULT`],
};
