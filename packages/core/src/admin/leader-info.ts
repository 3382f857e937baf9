/** Who leads a schema right now: the river_leader row, as the CLI's `stats` and the dashboard show it. */
import type { Executor } from "../driver/driver.js";
import { currentLeaderSql } from "../sql/leader.js";
import { type AdminContext, runAdminQuery } from "./admin-context.js";

/** The client (Tributary's or River's) that holds leadership. */
export interface LeaderInfo {
  /** The leader's client id. */
  leaderId: string;
  electedAt: Date;
  /** When its leadership lapses unless renewed. */
  expiresAt: Date;
}

/** The current leader, or null when nobody leads (no row, or its TTL has passed). */
export async function currentLeader(ctx: AdminContext, executor?: Executor): Promise<LeaderInfo | null> {
  const [row] = await runAdminQuery<{ leader_id: string; elected_at: string; expires_at: string }>(ctx, executor, (s) => ({
    sql: currentLeaderSql(s.tables),
    params: [],
  }));
  return row ? { leaderId: row.leader_id, electedAt: new Date(row.elected_at), expiresAt: new Date(row.expires_at) } : null;
}
