import type { MigrationVersion } from "../migration-version.js";

/**
 * Version 7: `river_notification`, the outbox River uses for notifications on SQLite. It
 * stays empty on PostgreSQL, but River's tools expect it at this version.
 */
export const v007NotificationOutbox: MigrationVersion = {
  version: 7,
  name: "notification_outbox",
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
  ],
};
