// River's main migration line as Tributary writes it, in version order.
import type { MigrationVersion } from "../migration-version.js";
import { v001CreateRiverMigration } from "./v001-create-river-migration.js";
import { v002InitialSchema } from "./v002-initial-schema.js";
import { v003RiverJobTagsNonNull } from "./v003-river-job-tags-non-null.js";
import { v004PendingAndMore } from "./v004-pending-and-more.js";
import { v005MigrationUniqueClient } from "./v005-migration-unique-client.js";
import { v006BulkUnique } from "./v006-bulk-unique.js";
import { v007NotificationOutbox } from "./v007-notification-outbox.js";
import { v008JobIdAutoincrement } from "./v008-job-id-autoincrement.js";

/** River's `main` line, in order; `MIGRATION_VERSIONS[i].version === i + 1`. */
export const MIGRATION_VERSIONS: readonly MigrationVersion[] = Object.freeze([
  v001CreateRiverMigration,
  v002InitialSchema,
  v003RiverJobTagsNonNull,
  v004PendingAndMore,
  v005MigrationUniqueClient,
  v006BulkUnique,
  v007NotificationOutbox,
  v008JobIdAutoincrement,
]);
