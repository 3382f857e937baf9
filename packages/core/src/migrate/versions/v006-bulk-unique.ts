// River main version 6: uniqueness by unique_key within the states of each row's unique_states bitmask.
import type { MigrationVersion } from "../migration-version.js";

/**
 * Version 6: uniqueness moves from `(kind, unique_key)` to `unique_key` alone, limited to
 * the states named in each row's `unique_states` bitmask, read by
 * `river_job_state_in_bitmask` (bit i counted from the left, scheduled = 0 … available = 7).
 */
export const v006BulkUnique: MigrationVersion = {
  version: 6,
  name: "bulk_unique",
  up: (p) => [
    `CREATE OR REPLACE FUNCTION ${p}river_job_state_in_bitmask(bitmask bit(8), state ${p}river_job_state)
RETURNS boolean
LANGUAGE sql
IMMUTABLE
AS $fn$
    SELECT CASE state
        WHEN 'available' THEN get_bit(bitmask, 7)
        WHEN 'cancelled' THEN get_bit(bitmask, 6)
        WHEN 'completed' THEN get_bit(bitmask, 5)
        WHEN 'discarded' THEN get_bit(bitmask, 4)
        WHEN 'pending'   THEN get_bit(bitmask, 3)
        WHEN 'retryable' THEN get_bit(bitmask, 2)
        WHEN 'running'   THEN get_bit(bitmask, 1)
        WHEN 'scheduled' THEN get_bit(bitmask, 0)
        ELSE 0
    END = 1;
$fn$`,
    // IF NOT EXISTS: operators may have added the column and index by hand, CONCURRENTLY.
    `ALTER TABLE ${p}river_job ADD COLUMN IF NOT EXISTS unique_states bit(8)`,
    `CREATE UNIQUE INDEX IF NOT EXISTS river_job_unique_idx ON ${p}river_job (unique_key)
    WHERE unique_key IS NOT NULL
      AND unique_states IS NOT NULL
      AND ${p}river_job_state_in_bitmask(unique_states, state)`,
    `DROP INDEX ${p}river_job_kind_unique_key_idx`,
  ],
  down: (p) => [
    `DROP INDEX ${p}river_job_unique_idx`,
    `ALTER TABLE ${p}river_job DROP COLUMN unique_states`,
    `CREATE UNIQUE INDEX IF NOT EXISTS river_job_kind_unique_key_idx ON ${p}river_job (kind, unique_key)
    WHERE unique_key IS NOT NULL`,
    `DROP FUNCTION ${p}river_job_state_in_bitmask`,
  ],
  downDrops: { columns: [["river_job", "unique_states"]] },
};
