// River main version 7 (River 0.40): the notification outbox and River's SQL cleanup.
import type { MigrationVersion } from "../migration-version.js";
import { clientTables } from "./v005-migration-unique-client.js";

/** The parts of version 7 besides the outbox; `leftovers` says which ones a schema still lacks. */
export interface Version7Cleanup {
  clientQueueTable: boolean;
  clientTable: boolean;
  maxAttemptsDefault: boolean;
  queueUpdatedAtDefault: boolean;
}

const ALL: Version7Cleanup = { clientQueueTable: true, clientTable: true, maxAttemptsDefault: true, queueUpdatedAtDefault: true };

/**
 * Version 7's cleanup: drop the never-used `river_client_queue` and `river_client`, give
 * `river_job.max_attempts` River's default of 25 and `river_queue.updated_at` a default of
 * `CURRENT_TIMESTAMP`. `needed` limits it to what a schema still lacks (see
 * `finishVersion7`, which completes Tributary's first version 7, an earlier River draft).
 */
export function version7CleanupStatements(p: string, needed: Version7Cleanup = ALL): string[] {
  const statements: string[] = [];
  if (needed.clientQueueTable) statements.push(`DROP TABLE ${p}river_client_queue`);
  if (needed.clientTable) statements.push(`DROP TABLE ${p}river_client`);
  if (needed.maxAttemptsDefault) statements.push(`ALTER TABLE ${p}river_job ALTER COLUMN max_attempts SET DEFAULT 25`);
  if (needed.queueUpdatedAtDefault) {
    statements.push(`ALTER TABLE ${p}river_queue ALTER COLUMN updated_at SET DEFAULT CURRENT_TIMESTAMP`);
  }
  return statements;
}

/**
 * Version 7: `river_notification`, the outbox River uses for notifications on SQLite (it
 * stays empty on PostgreSQL, but River's tools expect it), and the cleanup above. Down
 * restores version 6's two UNLOGGED tables and drops both defaults and the outbox.
 */
export const v007NotificationOutbox: MigrationVersion = {
  version: 7,
  name: "notification_outbox_sqlite_jsonb_and_sql_cleanup",
  up: (p) => [
    `CREATE TABLE ${p}river_notification (
    id bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    payload text NOT NULL,
    topic text NOT NULL,
    CONSTRAINT topic_length CHECK (length(topic) > 0 AND length(topic) < 128)
)`,
    `CREATE INDEX river_notification_created_at_idx ON ${p}river_notification (created_at)`,
    `CREATE INDEX river_notification_topic_id_idx ON ${p}river_notification (topic, id)`,
    ...version7CleanupStatements(p),
  ],
  down: (p) => [
    ...clientTables(p),
    `ALTER TABLE ${p}river_job ALTER COLUMN max_attempts DROP DEFAULT`,
    `ALTER TABLE ${p}river_queue ALTER COLUMN updated_at DROP DEFAULT`,
    `DROP TABLE ${p}river_notification`,
  ],
  downDrops: { tables: ["river_notification"] },
};
