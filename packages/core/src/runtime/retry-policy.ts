/** When a failed job runs next: the policy type and River's default backoff with its cap. */
import type { JobRow } from "../job/job-row.js";

/** Decides when a failed job runs next. `job.errors` holds the failures before this one. */
export type RetryPolicy = (job: JobRow) => Date;

/**
 * River's cap on a retry delay, the largest Go duration (2^63 − 1 ns, about 292.5 years),
 * in whole milliseconds: 9 223 372 036 854 ms. A capped retry is scheduled that far after
 * now (around the year 2319), a time both a JS Date (to ±8.64e15 ms) and a PostgreSQL
 * timestamptz (to 294276 AD) hold exactly; only the cap's last 0.775807 ms, finer than a
 * Date can express, are dropped.
 */
export const MAX_RETRY_DELAY_MS = 9_223_372_036_854;

/** The cap in seconds as River computes it (`maxDuration.Seconds()`, a float64). */
const MAX_RETRY_DELAY_SECONDS = 9_223_372_036.854_776;

/**
 * River's default delay after the `errorCount`-th failure (1 for the first): `errorCount^4`
 * seconds with ±10 % jitter, so 1 s, 16 s, 81 s, 256 s … From the count whose delay reaches
 * the cap (310) on, exactly {@link MAX_RETRY_DELAY_MS} without jitter; a jittered delay is
 * never above the cap either. `random` returns [0, 1) like `Math.random`.
 */
export function defaultRetryDelayMs(errorCount: number, random: () => number = Math.random): number {
  const base = Math.min(errorCount ** 4, MAX_RETRY_DELAY_SECONDS);
  if (base === MAX_RETRY_DELAY_SECONDS) return MAX_RETRY_DELAY_MS;
  const seconds = Math.min(base + base * (random() * 0.2 - 0.1), MAX_RETRY_DELAY_SECONDS);
  return Math.min(seconds * 1000, MAX_RETRY_DELAY_MS);
}

/**
 * River's default policy: the delay of {@link defaultRetryDelayMs} for this failure (errors
 * so far + 1) after now. Snoozes are not errors and do not count.
 */
export const defaultRetryPolicy: RetryPolicy = (job) => new Date(Date.now() + defaultRetryDelayMs(job.errors.length + 1));
