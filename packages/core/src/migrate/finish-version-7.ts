// Completes Tributary's first version 7 (an earlier River draft: the outbox only) to River's full version 7.
import type { Executor } from "../driver/driver.js";
import { type Version7Cleanup, version7CleanupStatements } from "./versions/v007-notification-outbox.js";

/**
 * Tributary before River's version 7 was final recorded `('main', 7)` after creating only
 * `river_notification`, leaving `river_client_queue`, `river_client` and two missing column
 * defaults behind. River's own down migration from 7 fails on such a schema and a plain
 * `INSERT INTO river_queue (name)` is refused. Run inside the migration lock whenever a schema
 * is at 7 or above: it reads the catalog, runs only the parts still missing (nothing at all on
 * a schema River or this Tributary migrated) and returns the statements it ran.
 */
export async function finishVersion7(executor: Executor, prefix: string): Promise<string[]> {
  const [row] = await executor.query<{
    client_queue: boolean;
    client: boolean;
    max_attempts_default: boolean;
    updated_at_default: boolean;
  }>(
    `SELECT to_regclass($1::text) IS NOT NULL AS client_queue,
            to_regclass($2::text) IS NOT NULL AS client,
            coalesce((SELECT atthasdef FROM pg_catalog.pg_attribute
                      WHERE attrelid = to_regclass($3::text) AND attname = 'max_attempts' AND NOT attisdropped), true) AS max_attempts_default,
            coalesce((SELECT atthasdef FROM pg_catalog.pg_attribute
                      WHERE attrelid = to_regclass($4::text) AND attname = 'updated_at' AND NOT attisdropped), true) AS updated_at_default`,
    [`${prefix}river_client_queue`, `${prefix}river_client`, `${prefix}river_job`, `${prefix}river_queue`],
  );
  if (!row) return [];
  const needed: Version7Cleanup = {
    clientQueueTable: row.client_queue,
    clientTable: row.client,
    maxAttemptsDefault: !row.max_attempts_default,
    queueUpdatedAtDefault: !row.updated_at_default,
  };
  const statements = version7CleanupStatements(prefix, needed);
  for (const statement of statements) await executor.query(statement);
  return statements;
}
