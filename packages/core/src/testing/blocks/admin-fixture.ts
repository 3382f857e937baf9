// Jobs written straight into river_job with chosen states and times, and a listener inbox, for the admin conformance blocks.
import type { JobState } from "../../job/job-row.js";
import type { ConformanceContext } from "../conformance-context.js";

/** One job as a test describes it; times are microseconds after {@link T0}. */
export interface FixtureJob {
  kind: string;
  queue: string;
  state: JobState;
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
/** One second in microseconds. */
export const S = 1_000_000;
/** Far enough ahead that no scheduled job of a fixture becomes due during a run. */
export const FAR_FUTURE_US = 3600 * S * 24 * 400 * 10;

/** The fixture time `us` microseconds after T0 as RFC 3339 text with microseconds (what PostgreSQL keeps). */
export function fixtureTime(us: number | undefined): string | null {
  if (us === undefined) return null;
  const ms = Math.floor(us / 1000);
  const micros = String(us % 1000).padStart(3, "0");
  return new Date(T0 + ms).toISOString().replace("Z", `${micros}Z`);
}

/** A PostgreSQL array literal of text values (every driver passes it as plain text). */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

/**
 * Inserts the jobs in order, the way another process (River's Go) would: plain SQL, every
 * parameter as text so no library's type handling is involved. Returns their ids.
 */
export async function insertFixtureJobs<TTx>(ctx: ConformanceContext<TTx>, jobs: readonly FixtureJob[]): Promise<string[]> {
  const ids: string[] = [];
  for (const j of jobs) {
    const [row] = await ctx.sql<{ id: string }>(
      `INSERT INTO $schema.river_job (kind, queue, state, priority, tags, metadata, args, created_at, scheduled_at, attempted_at, finalized_at, attempt, max_attempts)
       VALUES ($1::text, $2::text, $3::text::$schema.river_job_state, $4::text::smallint, $5::text::varchar(255)[], $6::text::jsonb, '{}',
         $7::text::timestamptz, $8::text::timestamptz, $9::text::timestamptz, $10::text::timestamptz, $11::text::smallint, 25)
       RETURNING id::text AS id`,
      [
        j.kind, j.queue, j.state, String(j.priority ?? 1), textArray(j.tags ?? []), JSON.stringify(j.metadata ?? {}),
        fixtureTime(j.createdUs), fixtureTime(j.scheduledUs), fixtureTime(j.attemptedUs), fixtureTime(j.finalizedUs),
        j.attemptedUs === undefined ? "0" : "1",
      ],
    );
    ids.push(row!.id);
  }
  return ids;
}

/** Every job's state by id, read on the pool. */
export async function statesById<TTx>(ctx: ConformanceContext<TTx>): Promise<Record<string, string>> {
  const rows = await ctx.sql<{ id: string; state: string }>("SELECT id::text AS id, state::text AS state FROM $schema.river_job");
  return Object.fromEntries(rows.map((r) => [r.id, r.state]));
}

/** Payloads heard on one of the schema's channels through the driver's own listener. */
export interface ChannelInbox {
  payloads: string[];
  close(): Promise<void>;
}

/** LISTENs on `<schema>.<topic>` with the driver's listener (the caller skips targets without one). */
export async function listenOn<TTx>(ctx: ConformanceContext<TTx>, topic: string): Promise<ChannelInbox> {
  if (!ctx.driver.listener) throw new Error(`${ctx.target.name}: the driver has no listener(); a target that cannot listen says why in noListener`);
  const listener = ctx.driver.listener();
  const payloads: string[] = [];
  await listener.connect();
  await listener.listen(`${ctx.schema}.${topic}`, (p) => void payloads.push(p));
  return { payloads, close: () => listener.close() };
}
