/** Statements on river_leader: electing, renewing, resigning, as River's own. */
import { notifyCount } from "./notify.js";
import type { SchemaTables } from "./schema-tables.js";

/*
 * Statements on `river_leader`, shaped like River's own (`LeaderDeleteExpired`,
 * `LeaderAttemptElect`/`LeaderAttemptReelect`, `LeaderResign`) so a Tributary client and a
 * River client can take turns leading the same schema. Every statement returns text or int4
 * only, and takes durations in milliseconds, so every driver reads the same values.
 */

/** Deletes a leader row whose TTL has passed, so anyone may win the next election. */
export function deleteExpiredLeaderSql(t: SchemaTables): string {
  return `DELETE FROM ${t.leader} WHERE expires_at < now()`;
}

/**
 * Tries to become leader. `$1` leader id, `$2` TTL in ms. Returns one row (`leader_id`)
 * when this client now holds the row. A row already held by this same id (a restart within
 * the TTL) counts as won and is extended, as River's re-elect query does.
 */
export function attemptElectSql(t: SchemaTables): string {
  return `INSERT INTO ${t.leader} (leader_id, elected_at, expires_at)
VALUES ($1::text, now(), now() + make_interval(secs => $2::float8 / 1000))
ON CONFLICT (name) DO UPDATE SET expires_at = EXCLUDED.expires_at
  WHERE ${t.leader}.leader_id = EXCLUDED.leader_id
RETURNING leader_id::text AS leader_id`;
}

/**
 * Renews this client's leadership. `$1` leader id, `$2` TTL in ms. No row back means the
 * row is gone or someone else holds it: leadership is lost.
 */
export function renewLeaderSql(t: SchemaTables): string {
  return `UPDATE ${t.leader} SET expires_at = now() + make_interval(secs => $2::float8 / 1000)
WHERE leader_id = $1::text AND expires_at >= now()
RETURNING leader_id::text AS leader_id`;
}

/**
 * Steps down in one statement: deletes this client's row and, only if there was one,
 * notifies `$2` (the `<schema>.river_leadership` channel) with River's own payload, built in
 * SQL as River's `LeaderResign` builds it (`{"leader_id" : "<id>", "action" : "resigned"}`),
 * so waiting clients, Go or TypeScript, elect at once instead of after their next interval.
 * `$1` leader id. Returns `resigned` (int4, 1 when a row was deleted).
 */
export function resignLeaderSql(t: SchemaTables): string {
  // The notify CTE is volatile, so PostgreSQL neither inlines nor skips it even though
  // only its row count is read.
  return `WITH resigned AS (
  DELETE FROM ${t.leader} WHERE leader_id = $1::text RETURNING leader_id
), notified AS (
  SELECT ${notifyCount("$2", "json_build_object('leader_id', leader_id, 'action', 'resigned')")} AS n FROM resigned
)
SELECT (SELECT n FROM notified)::int AS resigned`;
}

/**
 * Asks whichever client leads (River's Go client included) to resign: notifies `$1` (the
 * `<schema>.river_leadership` channel) with River's request payload, as Go encodes it.
 */
export const REQUEST_RESIGN_PAYLOAD = '{"action":"request_resign","leader_id":""}';

/** Sends {@link REQUEST_RESIGN_PAYLOAD} on `$1`. */
export function requestResignSql(): string {
  // Counted, not selected: some libraries cannot read a void column (as the other notifies).
  return `SELECT ${notifyCount("$1", `'${REQUEST_RESIGN_PAYLOAD}'`)}::int AS sent`;
}

/**
 * The leader row if its TTL has not passed: `leader_id`, `elected_at` and `expires_at` (RFC 3339
 * text, so every driver reads the same values). No row: nobody leads right now.
 */
export function currentLeaderSql(t: SchemaTables): string {
  return `SELECT leader_id::text AS leader_id, to_json(elected_at) #>> '{}' AS elected_at, to_json(expires_at) #>> '{}' AS expires_at
FROM ${t.leader} WHERE expires_at >= now()`;
}
