/** Queue-by-state counts and per-minute outcomes since a time: what the CLI's `stats` and the dashboard show. */
import { InvalidArgumentError } from "../base/errors.js";
import type { Executor } from "../driver/driver.js";
import type { JobState } from "../job/job-row.js";
import { type AdminContext, runAdminQuery } from "./admin-context.js";

/** Options of `jobStats`. */
export interface JobStatsParams {
  /** Start of the per-minute window (inclusive). */
  since: Date;
}

/** Outcomes within one minute. */
export interface JobStatsMinute {
  /** The minute's start. */
  minute: Date;
  /** Jobs completed in this minute. */
  completed: number;
  /** Failed attempts: errors recorded in this minute (a discarded job's last failure included). */
  failed: number;
  /** Jobs discarded in this minute. */
  discarded: number;
}

/** What `jobStats` returns. */
export interface JobStats {
  /** Every job, counted by queue and state (only pairs that have jobs). */
  counts: { queue: string; state: JobState; count: number }[];
  /** Minutes since `since` that had any outcome, oldest first. */
  minutes: JobStatsMinute[];
  /** The database's time when the stats were read. */
  now: Date;
}

/** Counts by queue × state now, and completed / failed / discarded per minute since `params.since`. */
export async function jobStats(ctx: AdminContext, params: JobStatsParams, executor?: Executor): Promise<JobStats> {
  const since = params?.since;
  if (!(since instanceof Date) || Number.isNaN(since.getTime())) throw new InvalidArgumentError("params.since", "must be a valid Date");
  const [row] = await runAdminQuery<{ stats: string }>(ctx, executor, (s) => ({ sql: s.jobs.stats, params: [since.toISOString()] }));
  const raw = JSON.parse(row!.stats) as {
    counts: { queue: string; state: JobState; n: number }[];
    minutes: { minute: string; completed: number; failed: number; discarded: number }[];
    now: string;
  };
  return {
    counts: raw.counts.map((c) => ({ queue: c.queue, state: c.state, count: c.n })),
    minutes: raw.minutes.map((m) => ({ minute: new Date(m.minute), completed: m.completed, failed: m.failed, discarded: m.discarded })),
    now: new Date(raw.now),
  };
}
