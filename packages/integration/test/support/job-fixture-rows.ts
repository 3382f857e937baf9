// Jobs written straight into river_job with chosen states and times, for the listing and bulk tests.
import type { PgTestContext } from "./pg-fixture.js";

/** One job as a test describes it; times are microseconds after T0. */
export interface FixtureJob {
  kind: string;
  queue: string;
  state: "available" | "cancelled" | "completed" | "discarded" | "pending" | "retryable" | "running" | "scheduled";
  priority?: number;
  tags?: string[];
  metadata?: Record<string, unknown>;
  createdUs: number;
  scheduledUs: number;
  attemptedUs?: number;
  finalizedUs?: number;
}

/** The fixed origin of every fixture time. */
export const T0 = Date.parse("2026-01-01T00:00:00Z");

/** The fixture time `us` microseconds after T0 as RFC 3339 text with microseconds (what PostgreSQL keeps). */
export function fixtureTime(us: number | undefined): string | null {
  if (us === undefined) return null;
  const ms = Math.floor(us / 1000);
  const micros = String(us % 1000).padStart(3, "0");
  return new Date(T0 + ms).toISOString().replace("Z", `${micros}Z`);
}

/** Inserts the jobs in order; returns their ids. */
export async function insertFixtureJobs(ctx: PgTestContext, jobs: readonly FixtureJob[]): Promise<string[]> {
  const ids: string[] = [];
  for (const j of jobs) {
    const [row] = await ctx.query<{ id: string }>(
      `INSERT INTO $schema.river_job (kind, queue, state, priority, tags, metadata, args, created_at, scheduled_at, attempted_at, finalized_at, attempt)
       VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, $8, $9, $10, $11) RETURNING id::text AS id`,
      [
        j.kind, j.queue, j.state, j.priority ?? 1, j.tags ?? [], JSON.stringify(j.metadata ?? {}),
        fixtureTime(j.createdUs), fixtureTime(j.scheduledUs), fixtureTime(j.attemptedUs), fixtureTime(j.finalizedUs),
        j.attemptedUs === undefined ? 0 : 1,
      ],
    );
    ids.push(row!.id);
  }
  return ids;
}
