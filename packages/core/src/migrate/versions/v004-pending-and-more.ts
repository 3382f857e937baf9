// River main version 4: NOT NULL args and metadata, the pending state, river_queue, the pinned leader name.
import type { MigrationVersion } from "../migration-version.js";
import { notifyTriggerStatements } from "./v002-initial-schema.js";

/**
 * Version 4: `args` and `metadata` become NOT NULL, the `pending` state appears, the
 * finalized-at check becomes two-sided, the insert trigger goes (clients notify
 * themselves from then on), `river_queue` appears and the leader row is pinned to the
 * name `default`.
 *
 * Down keeps `pending` in the enum, as River's does: PostgreSQL cannot remove an enum value.
 * It also drops `metadata`'s default, which version 2 had: River's down migration does so.
 */
export const v004PendingAndMore: MigrationVersion = {
  version: 4,
  name: "pending_and_more",
  addsEnumValue: true,
  up: (p) => [
    // A temporary default fills old NULL rows; River keeps no default on args afterwards.
    `ALTER TABLE ${p}river_job ALTER COLUMN args SET DEFAULT '{}'`,
    `UPDATE ${p}river_job SET args = '{}' WHERE args IS NULL`,
    `ALTER TABLE ${p}river_job ALTER COLUMN args SET NOT NULL`,
    `ALTER TABLE ${p}river_job ALTER COLUMN args DROP DEFAULT`,
    `ALTER TABLE ${p}river_job ALTER COLUMN metadata SET DEFAULT '{}'`,
    `UPDATE ${p}river_job SET metadata = '{}' WHERE metadata IS NULL`,
    `ALTER TABLE ${p}river_job ALTER COLUMN metadata SET NOT NULL`,
    `ALTER TYPE ${p}river_job_state ADD VALUE IF NOT EXISTS 'pending' AFTER 'discarded'`,
    `ALTER TABLE ${p}river_job DROP CONSTRAINT finalized_or_finalized_at_null`,
    `ALTER TABLE ${p}river_job ADD CONSTRAINT finalized_or_finalized_at_null CHECK (
    (finalized_at IS NULL AND state NOT IN ('cancelled', 'completed', 'discarded'))
    OR (finalized_at IS NOT NULL AND state IN ('cancelled', 'completed', 'discarded'))
)`,
    `DROP TRIGGER river_notify ON ${p}river_job`,
    `DROP FUNCTION ${p}river_job_notify`,
    `CREATE TABLE ${p}river_queue (
    name text PRIMARY KEY NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    paused_at timestamptz,
    updated_at timestamptz NOT NULL
)`,
    `ALTER TABLE ${p}river_leader
    ALTER COLUMN name SET DEFAULT 'default',
    DROP CONSTRAINT name_length,
    ADD CONSTRAINT name_length CHECK (name = 'default')`,
  ],
  down: (p) => [
    `ALTER TABLE ${p}river_job ALTER COLUMN args DROP NOT NULL`,
    `ALTER TABLE ${p}river_job ALTER COLUMN metadata DROP NOT NULL, ALTER COLUMN metadata DROP DEFAULT`,
    `ALTER TABLE ${p}river_job DROP CONSTRAINT finalized_or_finalized_at_null`,
    `ALTER TABLE ${p}river_job ADD CONSTRAINT finalized_or_finalized_at_null CHECK (
    (state IN ('cancelled', 'completed', 'discarded') AND finalized_at IS NOT NULL) OR finalized_at IS NULL
)`,
    ...notifyTriggerStatements(p),
    `DROP TABLE ${p}river_queue`,
    `ALTER TABLE ${p}river_leader
    ALTER COLUMN name DROP DEFAULT,
    DROP CONSTRAINT name_length,
    ADD CONSTRAINT name_length CHECK (char_length(name) > 0 AND char_length(name) < 128)`,
  ],
  downDrops: { tables: ["river_queue"] },
};
