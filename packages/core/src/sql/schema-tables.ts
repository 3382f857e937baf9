/** Schema-qualified names of River's tables and its notification channels in one schema. */
import { quoteSchemaName } from "./schema-name.js";

/** Schema-qualified names of River's objects, for building SQL in one schema. */
export interface SchemaTables {
  /** The bare schema name (as used in NOTIFY channel names). */
  readonly schema: string;
  readonly job: string;
  readonly leader: string;
  readonly queue: string;
  readonly migration: string;
  readonly notification: string;
  /** The `river_job_state` enum type, for casts. */
  readonly jobState: string;
  /** The `river_job_state_in_bitmask` function. */
  readonly stateInBitmask: string;
  /** River's NOTIFY channels in this schema (`<schema>.river_insert`, …). */
  readonly channels: Readonly<Record<"insert" | "control" | "leadership", string>>;
}

/** River's notification topics: a channel is `<schema>.<topic>`. */
export type NotificationTopic = "river_insert" | "river_control" | "river_leadership";

/** Schema-qualified object names for `schema` (validated; throws INVALID_SCHEMA_NAME). */
export function schemaTables(schema: string): SchemaTables {
  const q = quoteSchemaName(schema);
  return Object.freeze({
    schema,
    job: `${q}.river_job`,
    leader: `${q}.river_leader`,
    queue: `${q}.river_queue`,
    migration: `${q}.river_migration`,
    notification: `${q}.river_notification`,
    jobState: `${q}.river_job_state`,
    stateInBitmask: `${q}.river_job_state_in_bitmask`,
    channels: Object.freeze({
      insert: channelName(schema, "river_insert"),
      control: channelName(schema, "river_control"),
      leadership: channelName(schema, "river_leadership"),
    }),
  });
}

/** The NOTIFY channel for `topic` in `schema`, as River names it: `<schema>.<topic>`. */
export function channelName(schema: string, topic: NotificationTopic): string {
  return `${schema}.${topic}`;
}
