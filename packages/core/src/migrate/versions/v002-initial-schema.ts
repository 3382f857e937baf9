// River main version 2: river_job with its state enum and indexes, the insert trigger, river_leader.
import type { MigrationVersion } from "../migration-version.js";

/**
 * The insert trigger River used for wake-ups until version 4 (which drops it; its down
 * migration brings it back). It notifies the bare `river_insert` channel, as River's did.
 */
export function notifyTriggerStatements(p: string): string[] {
  return [
    `CREATE OR REPLACE FUNCTION ${p}river_job_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.state = 'available' THEN
        PERFORM pg_notify('river_insert', json_build_object('queue', NEW.queue)::text);
    END IF;
    RETURN NULL;
END;
$fn$`,
    `CREATE TRIGGER river_notify AFTER INSERT ON ${p}river_job
    FOR EACH ROW EXECUTE PROCEDURE ${p}river_job_notify()`,
  ];
}

/**
 * Version 2: the job table with its state enum and indexes, the insert trigger River used
 * for wake-ups before version 4, and the leader table. Column order follows River's (it
 * packs fixed-width columns first), so `SELECT *` looks the same under either tool. The enum
 * has no `pending` (version 4 adds it) unless the same transaction goes on to version 4: see
 * `MigrationPlan.createsEnum`.
 */
export const v002InitialSchema: MigrationVersion = {
  version: 2,
  name: "initial_schema",
  up: (p, plan) => [
    `CREATE TYPE ${p}river_job_state AS ENUM (
    'available', 'cancelled', 'completed', 'discarded',${plan?.createsEnum ? " 'pending'," : ""} 'retryable', 'running', 'scheduled'
)`,
    `CREATE TABLE ${p}river_job (
    id bigserial PRIMARY KEY,
    state ${p}river_job_state NOT NULL DEFAULT 'available',
    attempt smallint NOT NULL DEFAULT 0,
    max_attempts smallint NOT NULL,
    attempted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    finalized_at timestamptz,
    scheduled_at timestamptz NOT NULL DEFAULT now(),
    priority smallint NOT NULL DEFAULT 1,
    args jsonb,
    attempted_by text[],
    errors jsonb[],
    kind text NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}',
    queue text NOT NULL DEFAULT 'default',
    tags varchar(255)[],
    CONSTRAINT finalized_or_finalized_at_null CHECK (
        (state IN ('cancelled', 'completed', 'discarded') AND finalized_at IS NOT NULL) OR finalized_at IS NULL
    ),
    CONSTRAINT max_attempts_is_positive CHECK (max_attempts > 0),
    CONSTRAINT priority_in_range CHECK (priority >= 1 AND priority <= 4),
    CONSTRAINT queue_length CHECK (char_length(queue) > 0 AND char_length(queue) < 128),
    CONSTRAINT kind_length CHECK (char_length(kind) > 0 AND char_length(kind) < 128)
)`,
    `CREATE INDEX river_job_kind ON ${p}river_job USING btree (kind)`,
    `CREATE INDEX river_job_state_and_finalized_at_index ON ${p}river_job USING btree (state, finalized_at)
    WHERE finalized_at IS NOT NULL`,
    `CREATE INDEX river_job_prioritized_fetching_index ON ${p}river_job USING btree (state, queue, priority, scheduled_at, id)`,
    `CREATE INDEX river_job_args_index ON ${p}river_job USING gin (args)`,
    `CREATE INDEX river_job_metadata_index ON ${p}river_job USING gin (metadata)`,
    // Version 4 drops this trigger again; it exists so a database stopped at 2 or 3 is what River's would be.
    ...notifyTriggerStatements(p),
    `CREATE UNLOGGED TABLE ${p}river_leader (
    elected_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    leader_id text NOT NULL,
    name text PRIMARY KEY,
    CONSTRAINT name_length CHECK (char_length(name) > 0 AND char_length(name) < 128),
    CONSTRAINT leader_id_length CHECK (char_length(leader_id) > 0 AND char_length(leader_id) < 128)
)`,
  ],
  down: (p) => [
    `DROP TABLE ${p}river_job`,
    `DROP FUNCTION ${p}river_job_notify`,
    `DROP TYPE ${p}river_job_state`,
    `DROP TABLE ${p}river_leader`,
  ],
  downDrops: { tables: ["river_job", "river_leader"] },
};
