/** The one place a client's default settings are written down (milliseconds). */
import { JSONB_MAX_BYTES } from "../job/json-payload.js";

/** River's defaults unless a comment says why Tributary differs. */
export const CLIENT_DEFAULTS = Object.freeze({
  /** River's `JobTimeout` default is 1 minute. */
  jobTimeout: 60_000,
  /** River's `FetchPollInterval` default is 1 s. */
  pollInterval: 1_000,
  /** River's `RescueStuckJobsAfter`: a job running for an hour is presumed lost with its process. */
  rescueStuckJobsAfter: 3_600_000,
  completedJobRetention: 24 * 3_600_000,
  cancelledJobRetention: 24 * 3_600_000,
  discardedJobRetention: 7 * 24 * 3_600_000,
  /**
   * River uses 5 s; Tributary checks every second because short retry delays (the first
   * default retry is 1 s) would otherwise wait up to 5 s more, and one indexed statement a
   * second on the leader alone is cheap.
   */
  schedulerInterval: 1_000,
  /** River's `electIntervalDefault`. */
  electionInterval: 5_000,
  /** A queue is notified at most once per this window per client, with a trailing notification after. */
  insertNotifyWindow: 5,
  stopTimeout: 30_000,
  /**
   * River has no counterpart (its producer fetches only for free slots). Tributary holds,
   * beyond the free slots, the jobs its workers will start within ~50 ms at their recent
   * start rate (0 for slow jobs), and gives back any not started within 1 s: a queue of
   * short jobs never sits idle for a fetch round trip, and no job stays `running` in the
   * database for long without running (see runtime/hold-ahead.ts).
   */
  fetchAhead: "auto" as "auto" | number,
  /** River's per-attempt cut of `river:log` text. */
  jobLogMaxAttemptBytes: 2 * 1024 * 1024,
  /** River's default cap of the whole `river:log` array (River allows up to 64 MiB). */
  jobLogMaxTotalBytes: 8 * 1024 * 1024,
  /** River's `JobStuckThreshold`. */
  jobStuckThreshold: 10_000,
  /** PostgreSQL's own limit, so by default the check only turns its late, raw error into a clear, early one. */
  maxArgsBytes: JSONB_MAX_BYTES,
  /** River's `SkipUnknownJobCheck` default. */
  skipUnknownJobCheck: false,
});
