// Asking a schema's current leader, Tributary or River, to resign over River's leadership channel.
import type { Executor } from "../driver/driver.js";
import { requestResignSql } from "../sql/leader.js";
import { channelName, type SchemaTables } from "../sql/schema-tables.js";

/**
 * Sends River's `{"action":"request_resign","leader_id":""}` on `<schema>.river_leadership`.
 * A leader that listens resigns and announces it, and another client takes over; a leader
 * without a LISTEN connection (a polling driver) does not hear it and keeps leading.
 */
export async function requestLeaderResign(executor: Executor, tables: SchemaTables): Promise<void> {
  await executor.query(requestResignSql(), [channelName(tables.schema, "river_leadership")]);
}
