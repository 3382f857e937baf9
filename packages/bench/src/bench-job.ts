/**
 * The payload of every benchmark job: `i` identifies it (so duplicates and losses can be
 * counted), `sentAt` is the wall-clock millisecond it was enqueued (latency scenario only).
 */
export interface BenchJob {
  i: number;
  sentAt?: number;
}

/** The one job kind / task name / queue name every system uses. */
export const BENCH_KIND = "bench_noop";

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across calls. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
