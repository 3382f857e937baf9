import type { JobRow } from "../job/job-row.js";

/** Decides when a failed job runs next. `job.errors` holds the failures before this one. */
export type RetryPolicy = (job: JobRow) => Date;

/**
 * River's default: `(errors so far + 1)^4` seconds with ±10 % jitter, so 1 s, 16 s, 81 s,
 * 256 s … Snoozes are not errors and do not count.
 */
export const defaultRetryPolicy: RetryPolicy = (job) => {
  const seconds = (job.errors.length + 1) ** 4;
  const jitter = seconds * 0.1 * (Math.random() * 2 - 1);
  return new Date(Date.now() + (seconds + jitter) * 1000);
};
