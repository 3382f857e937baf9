/** The options of `new Client(…)` and of each queue, as the user writes them. */
import type { Driver } from "../driver/driver.js";
import type { Logger } from "../base/logger.js";
import type { PeriodicJobConfig } from "../periodic/periodic-job.js";
import type { RetryPolicy } from "../runtime/retry-policy.js";
import type { StuckJobHandler } from "../runtime/job-executor.js";
import type { JobWorker, Workers } from "../runtime/worker.js";
import type { Hooks } from "../extension/hooks.js";
import type { Middleware } from "../extension/middleware.js";
import type { Plugin } from "../extension/plugin.js";
import type { ReindexerConfig } from "../maintenance/reindexer-config.js";

/** Settings of one queue this client works. */
export interface QueueConfig {
  /** Jobs of this queue this process runs at once. */
  maxWorkers: number;
  /**
   * Jobs this process may fetch ahead of free slots and hold in memory, to start the moment
   * a slot frees (like graphile-worker's `localQueue`). A held job is already `running` in
   * the database (locked to this client, `attempted_at` is its fetch time); `stop()` and a
   * pause give held jobs back to `available`, and a crash leaves them to the rescuer like
   * any running job. Not allowed with `globalLimit` or `rateLimit`, whose counts would
   * include held jobs (such queues default to 0).
   *
   * Default `"auto"`: hold what the workers start within about 50 ms at their recent start
   * rate (at most 500; none for jobs that take longer than a fetch round trip), and give
   * back any held job not started within 1 s. `0`: fetch only for free slots (River's way).
   * A number: always hold that many, however long they wait; keep it small for slow jobs,
   * a job held longer than `rescueStuckJobsAfter` would be rescued while waiting.
   */
  fetchAhead?: number | "auto";
  /**
   * Jobs of this queue running at once across every process (the whole fleet), enforced in
   * the database: each fetch of the queue takes a transaction-scoped advisory lock, counts
   * the queue's `running` jobs and takes at most the difference. Jobs left `running` by a
   * crashed process count until the rescuer moves them. Give every instance the same value.
   */
  globalLimit?: number;
  /**
   * At most `max` job starts per `interval` milliseconds across the fleet (a sliding
   * window over `attempted_at`, counted under the same lock as `globalLimit`). A job retried
   * within the window counts once. Give every instance the same value.
   */
  rateLimit?: { max: number; interval: number };
}

/**
 * Options of `new Client(…)`. Durations are milliseconds. `TKinds`: the kinds of a `workers`
 * list (string-kind inserts must name one); `TClient`: what workers get as `ctx.client`.
 */
export interface ClientConfig<TTx, TKinds extends string = string, TClient = unknown> {
  driver: Driver<TTx>;
  /**
   * Schema holding River's tables, by River's rule: letters, digits and `_`, not starting with
   * a digit, at most 46 characters (INVALID_SCHEMA_NAME otherwise). Default: the
   * connection's `current_schema()`.
   */
  schema?: string;
  /** Names this client in `attempted_by` and as leader; at most 100 characters. Default: host, pid and a random suffix. */
  id?: string;
  /**
   * Queues to work, named by River's rule (1–64 characters of `a-z`, `0-9` with single `_`,
   * `-` or `|` between them). None → an insert-only client.
   */
  queues?: Record<string, QueueConfig>;
  /**
   * A worker per job kind. Kinds follow River's rule (at least 2 characters: a letter, digit
   * or `_`, then letters, digits and `_ - [ ] < > / . · : +`), so River's Go workers could
   * serve them too. A client with workers refuses to insert other kinds (see `skipUnknownJobCheck`).
   * Either a list of `defineWorker(job, fn, opts?)` (typed: each validates its job's args
   * before work) or a record `{ [kind]: fn | { work, …opts } }`.
   */
  workers?: Workers<TClient> | readonly JobWorker<TKinds, any, TClient>[];
  /**
   * Discard at once a job whose stored args fail its worker's schema (a schema changed under
   * waiting jobs, a row written by another service), instead of failing the attempt with the
   * schema's issues and retrying it by its retry policy (so a fixed deploy can still work it).
   * A worker's own `discardOnInvalidArgs` wins. Default false.
   */
  discardOnInvalidArgs?: boolean;
  /**
   * Let a client that has workers insert kinds none of them handles (River's
   * `SkipUnknownJobCheck`), for services that insert jobs another service works. Default
   * false: such an insert throws UNKNOWN_JOB_KIND, since the job would only retry until
   * discarded. A client without workers never checks.
   */
  skipUnknownJobCheck?: boolean;
  /**
   * Most UTF-8 bytes the JSON text of a job's args may take; a larger insert throws
   * INVALID_ARGUMENT naming `args` before anything is sent. Default 268,435,455, the largest
   * jsonb value PostgreSQL stores (a larger one fails there only after the whole payload has
   * been sent). Metadata keeps that limit whatever this is.
   */
  maxArgsBytes?: number;
  /**
   * Jobs enqueued on a schedule by whichever client leads:
   * `[{ cron: "*\/5 * * * *", kind: "report", args: {} }, { every: 30_000, kind: "ping" }]`.
   * Each run is inserted ahead of time as a `scheduled` job at its run time, unique by
   * schedule id and run time (and tagged `metadata."river:periodic_job_id"`), so leader
   * changes and restarts never enqueue one run twice. An invalid cron expression throws
   * INVALID_CRON here; a kind none of `workers` handles, UNKNOWN_JOB_KIND (as an insert would). Change them at runtime with `client.periodicJobs.add/remove`.
   */
  periodicJobs?: readonly PeriodicJobConfig<object>[];
  /**
   * When this client becomes leader, cancel the not-yet-due runs of periodic jobs whose id is
   * not configured any more, so a schedule removed from the code stops for good. Only turn it
   * on when every client sharing the schema configures the same periodic jobs. Default false.
   */
  cleanStalePeriodicJobs?: boolean;
  /** Cap on running jobs across all queues of this process. */
  maxConcurrentJobs?: number;
  /** When a failed job runs next. Default: River's `(errors+1)^4` s ±10 %. */
  retryPolicy?: RetryPolicy;
  /**
   * Abort `ctx.signal` after this long; when the handler then settles, however it settles,
   * the attempt has failed with a timeout error (River Go would complete a job whose worker
   * returns nil after its timeout; Tributary does not). Default 60,000; `0` = no timeout.
   */
  jobTimeout?: number;
  /**
   * A handler still unsettled this long after its timeout aborted its signal is stuck:
   * `job:stuck` is emitted once and `onStuckJob` called. Default 10,000 (River's).
   */
  jobStuckThreshold?: number;
  /**
   * Called once per stuck attempt (see `jobStuckThreshold`). Return `{ addWorkerSlot: true }`
   * to let its queue start another job while this one hangs (the queue may then exceed
   * `maxWorkers`). Nothing is written to the database either way.
   */
  onStuckJob?: StuckJobHandler;
  /**
   * Let this client's leader rescue stuck running jobs of kinds it has no worker for (with
   * the client's `jobTimeout` and `retryPolicy`). Default false: in a mixed fleet those are
   * other workers' kinds (River's Go workers), whose timeouts this client does not know.
   */
  rescueUnregisteredKinds?: boolean;
  /** Fetch this often even without notifications. Default 1,000. */
  pollInterval?: number;
  /** Running jobs not finished after this long are rescued by the leader. Default 1 hour. */
  rescueStuckJobsAfter?: number;
  /** Keep completed jobs this long. Default 24 h. */
  completedJobRetention?: number;
  /** Keep cancelled jobs this long. Default 24 h. */
  cancelledJobRetention?: number;
  /** Keep discarded jobs this long. Default 7 days. */
  discardedJobRetention?: number;
  /** How often the leader makes due scheduled/retryable jobs available. Default 1,000. */
  schedulerInterval?: number;
  /** How often clients try to become (or stay) leader. Default 5,000. */
  electionInterval?: number;
  /**
   * Never take part in leader election (River's `LeaderElectionDisabled`), e.g. for worker
   * processes that must not run maintenance. Such a client runs no scheduler, rescuer,
   * cleaner, reindexer or periodic enqueuer, so at least one client per schema must leave
   * this off; `periodicJobs` are refused with INVALID_ARGUMENT. Default false.
   */
  leaderElectionDisabled?: boolean;
  /**
   * The leader's reindexer (River's): daily at 00:00 UTC it rebuilds River's seven `river_job`
   * indexes one after another with `REINDEX INDEX CONCURRENTLY`, each bounded by `timeout`
   * (60 000), skipping an index left with a `_ccnew`/`_ccold` artifact. `false` turns it off;
   * `{ interval }` moves its runs to the multiples of `interval` ms since the Unix epoch
   * (meant for tests). Off by itself, with one log line, on PGlite. Default `true`.
   */
  reindexer?: boolean | ReindexerConfig;
  /** A queue is notified at most once per this window per client (trailing notify after). Default 5. */
  insertNotifyWindow?: number;
  /** Wait at most this long in `stop()` for running jobs before aborting them. Default 30,000. */
  stopTimeout?: number;
  /**
   * Commit the worker's own state changes (locking jobs, recording outcomes) with
   * `synchronous_commit = off` (default `true`). They then cost no WAL flush wait; a database
   * crash can forget the last few hundred milliseconds of them, which makes those jobs run
   * again (at-least-once, as after any crash) but never loses one. Inserts are unaffected.
   */
  asyncCommit?: boolean;
  /**
   * Insert and work middleware, outermost first (see Middleware); they wrap each plugin's and
   * each worker's own.
   */
  middleware?: readonly Middleware[];
  /** Hooks that observe inserts and attempts (see Hooks). */
  hooks?: Hooks | readonly Hooks[];
  /** Plugins: named bundles of middleware and hooks, e.g. `plugins: [otelPlugin()]`. */
  plugins?: readonly Plugin[];
  /**
   * What `ctx.logger` keeps in River's `metadata."river:log"` (shown per attempt in River UI):
   * `false` keeps nothing; each attempt's text is cut at `maxAttemptBytes` (River: 2 MiB) and
   * the whole array kept under `maxTotalBytes` (River: 8 MiB, at most 64 MiB) by dropping the
   * oldest entries. Default: on, River's sizes.
   */
  jobLogs?: false | { maxAttemptBytes?: number; maxTotalBytes?: number };
  /** pino-compatible logger. Default: silent except warnings and errors. */
  logger?: Logger;
}
