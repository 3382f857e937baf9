/** Reading who leads a schema (`river_leader`), for tools that show it: the CLI's stats, the dashboard. */
import type { Executor } from "../driver/driver.js";
import { currentLeaderSql } from "../sql/leader.js";
import { type AdminContext, runAdminQuery } from "./admin-context.js";

/** The client that leads a schema's maintenance, as `river_leader` records it (a Tributary or a River client). */
export interface LeaderInfo {
  /** The leading client's id (`attempted_by` names the same ids). */
  leaderId: string;
  electedAt: Date;
  /** When the lease ends unless the leader renews it. */
  expiresAt: Date;
}

/** The current leader, or null when no client holds an unexpired lease. */
export async function getLeader(ctx: AdminContext, executor?: Executor): Promise<LeaderInfo | null> {
  const rows = await runAdminQuery<{ leader: string }>(ctx, executor, (s) => ({ sql: currentLeaderSql(s.tables), params: [] }));
  if (!rows[0]) return null;
  const raw = JSON.parse(rows[0].leader) as { leader_id: string; elected_at: string; expires_at: string };
  return { leaderId: raw.leader_id, electedAt: new Date(raw.elected_at), expiresAt: new Date(raw.expires_at) };
}
