/** Turns the user's ClientConfig into one validated, complete, frozen settings object (River's WithDefaults + validate). */
import { hostname } from "node:os";
import type { ClientConfig, QueueConfig } from "./client-config.js";
import type { Driver } from "../driver/driver.js";
import { InvalidArgumentError } from "../base/errors.js";
import { defaultLogger, type Logger } from "../base/logger.js";
import type { ExtensionSet } from "../extension/extensions.js";
import { resolveExtensions } from "../extension/resolve-extensions.js";
import type { JobLogSettings } from "../runtime/attempt-log.js";
import { type ReindexerSettings, resolveReindexerConfig } from "../maintenance/reindexer-config.js";
import type { PeriodicJobConfig } from "../periodic/periodic-job.js";
import type { StuckJobHandler } from "../runtime/job-executor.js";
import { defaultRetryPolicy, type RetryPolicy } from "../runtime/retry-policy.js";
import type { WorkerDefinition } from "../runtime/worker.js";
import { checkQueueName } from "../job/river-names.js";
import { workerDefinitions, workerEntries, workerExtensions } from "./resolve-workers.js";
import { JSONB_MAX_BYTES } from "../job/json-payload.js";
import { checkSchemaName } from "../sql/schema-name.js";
import { CLIENT_DEFAULTS } from "./client-defaults.js";

/** One queue's settings with every default applied. */
export interface QueueSettings {
  readonly name: string;
  readonly maxWorkers: number;
  /** `"auto"` unless set: see ClientQueueConfig.fetchAhead. */
  readonly fetchAhead: number | "auto";
  /** Null: no fleet-wide limit. */
  readonly globalLimit: number | null;
  /** Null: no fleet-wide rate limit. */
  readonly rateLimit: { readonly max: number; readonly interval: number } | null;
}

/** A client's settings with every default applied: what the services are built from. Durations in ms. */
export interface ClientSettings<TTx = unknown> {
  readonly driver: Driver<TTx>;
  /** Null: the connection's `current_schema()`, resolved at first use. */
  readonly schema: string | null;
  readonly id: string;
  readonly queues: readonly QueueSettings[];
  readonly workers: ReadonlyMap<string, WorkerDefinition>;
  readonly periodicJobs: readonly PeriodicJobConfig<object>[];
  readonly cleanStalePeriodicJobs: boolean;
  readonly maxConcurrentJobs: number;
  readonly retryPolicy: RetryPolicy;
  readonly jobTimeout: number;
  readonly jobStuckThreshold: number;
  readonly jobLogs: JobLogSettings;
  readonly onStuckJob: StuckJobHandler | null;
  readonly rescueUnregisteredKinds: boolean;
  /** True: inserts of kinds without a worker here are allowed (only matters when `workers` is not empty). */
  readonly skipUnknownJobCheck: boolean;
  /** Most UTF-8 bytes of the JSON text of a job's args. */
  readonly maxArgsBytes: number;
  /** Discard a job whose stored args fail its worker's schema (unless the worker says otherwise). */
  readonly discardOnInvalidArgs: boolean;
  readonly pollInterval: number;
  readonly rescueStuckJobsAfter: number;
  readonly completedJobRetention: number;
  readonly cancelledJobRetention: number;
  readonly discardedJobRetention: number;
  readonly schedulerInterval: number;
  readonly electionInterval: number;
  readonly leaderElectionDisabled: boolean;
  /** Null: the reindexer is off. */
  readonly reindexer: ReindexerSettings | null;
  readonly insertNotifyWindow: number;
  readonly stopTimeout: number;
  readonly asyncCommit: boolean;
  /** The client's middleware and hooks, its plugins' after its own. */
  readonly extensions: ExtensionSet;
  /** Each worker's own middleware and hooks, for kinds that have any. */
  readonly workerExtensions: ReadonlyMap<string, ExtensionSet>;
  readonly logger: Logger;
}

/** River's limit on a client id (it is written to `attempted_by` and `river_leader.leader_id`). */
const CLIENT_ID_MAX = 100;

const DURATIONS = [
  "jobTimeout",
  "jobStuckThreshold",
  "pollInterval",
  "rescueStuckJobsAfter",
  "completedJobRetention",
  "cancelledJobRetention",
  "discardedJobRetention",
  "schedulerInterval",
  "electionInterval",
  "insertNotifyWindow",
  "stopTimeout",
] as const;

/**
 * Validates `config` and fills every default, once. Throws InvalidArgumentError naming the
 * field (`config.queues.mail.maxWorkers`) before anything touches the database.
 */
export function resolveClientConfig<TTx>(config: ClientConfig<TTx, string, any>): ClientSettings<TTx> {
  if (typeof config !== "object" || config === null) throw new InvalidArgumentError("config", "must be an object");
  const { driver } = config;
  if (!driver || typeof driver.executor !== "function" || typeof driver.unwrapTx !== "function") {
    throw new InvalidArgumentError("config.driver", "must be a Tributary driver, e.g. pgDriver(pool)");
  }
  if (config.schema !== undefined) checkSchemaName(config.schema, "config.schema");
  if (config.id !== undefined && (typeof config.id !== "string" || config.id.length === 0 || config.id.length > CLIENT_ID_MAX)) {
    throw new InvalidArgumentError("config.id", `must be a string of 1–${CLIENT_ID_MAX} characters (River's limit), got ${describeId(config.id)}`);
  }
  if (config.skipUnknownJobCheck !== undefined && typeof config.skipUnknownJobCheck !== "boolean") {
    throw new InvalidArgumentError("config.skipUnknownJobCheck", `must be a boolean, got ${String(config.skipUnknownJobCheck)}`);
  }
  const maxArgsBytes = config.maxArgsBytes;
  if (maxArgsBytes !== undefined && (!Number.isInteger(maxArgsBytes) || maxArgsBytes < 2 || maxArgsBytes > JSONB_MAX_BYTES)) {
    throw new InvalidArgumentError(
      "config.maxArgsBytes",
      `must be an integer from 2 (the bytes of {}) to ${JSONB_MAX_BYTES} (the largest jsonb value PostgreSQL stores), got ${String(maxArgsBytes)}`,
    );
  }
  for (const key of DURATIONS) {
    const v = config[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0)) {
      throw new InvalidArgumentError(`config.${key}`, `must be a non-negative number of milliseconds, got ${String(v)}`);
    }
  }
  const max = config.maxConcurrentJobs;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new InvalidArgumentError("config.maxConcurrentJobs", `must be a positive integer, got ${String(max)}`);
  }
  if (config.onStuckJob !== undefined && typeof config.onStuckJob !== "function") {
    throw new InvalidArgumentError("config.onStuckJob", "must be a function ({ job, stuckCount }) => { addWorkerSlot? } | void");
  }
  if (config.leaderElectionDisabled !== undefined && typeof config.leaderElectionDisabled !== "boolean") {
    throw new InvalidArgumentError("config.leaderElectionDisabled", `must be a boolean, got ${String(config.leaderElectionDisabled)}`);
  }
  if (config.discardOnInvalidArgs !== undefined && typeof config.discardOnInvalidArgs !== "boolean") {
    throw new InvalidArgumentError("config.discardOnInvalidArgs", `must be a boolean, got ${String(config.discardOnInvalidArgs)}`);
  }
  const workers = workerEntries(config.workers);
  const d = CLIENT_DEFAULTS;
  return Object.freeze({
    driver,
    schema: config.schema ?? null,
    id: config.id ?? `${hostname()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`,
    queues: Object.freeze(Object.entries(config.queues ?? {}).map(([name, q]) => queueSettings(name, q))),
    workers: workerDefinitions(workers, config.discardOnInvalidArgs ?? false),
    periodicJobs: config.periodicJobs ?? [],
    cleanStalePeriodicJobs: config.cleanStalePeriodicJobs ?? false,
    maxConcurrentJobs: max ?? Number.MAX_SAFE_INTEGER,
    retryPolicy: config.retryPolicy ?? defaultRetryPolicy,
    jobTimeout: config.jobTimeout ?? d.jobTimeout,
    jobStuckThreshold: config.jobStuckThreshold ?? d.jobStuckThreshold,
    jobLogs: jobLogSettings(config.jobLogs),
    onStuckJob: config.onStuckJob ?? null,
    rescueUnregisteredKinds: config.rescueUnregisteredKinds ?? false,
    skipUnknownJobCheck: config.skipUnknownJobCheck ?? d.skipUnknownJobCheck,
    maxArgsBytes: maxArgsBytes ?? d.maxArgsBytes,
    discardOnInvalidArgs: config.discardOnInvalidArgs ?? false,
    pollInterval: config.pollInterval ?? d.pollInterval,
    rescueStuckJobsAfter: config.rescueStuckJobsAfter ?? d.rescueStuckJobsAfter,
    completedJobRetention: config.completedJobRetention ?? d.completedJobRetention,
    cancelledJobRetention: config.cancelledJobRetention ?? d.cancelledJobRetention,
    discardedJobRetention: config.discardedJobRetention ?? d.discardedJobRetention,
    schedulerInterval: config.schedulerInterval ?? d.schedulerInterval,
    electionInterval: config.electionInterval ?? d.electionInterval,
    leaderElectionDisabled: config.leaderElectionDisabled ?? false,
    reindexer: resolveReindexerConfig(config.reindexer) ?? null,
    insertNotifyWindow: config.insertNotifyWindow ?? d.insertNotifyWindow,
    stopTimeout: config.stopTimeout ?? d.stopTimeout,
    asyncCommit: config.asyncCommit ?? true,
    extensions: resolveExtensions(config, "config"),
    workerExtensions: workerExtensions(workers),
    logger: config.logger ?? defaultLogger,
  });
}

function queueSettings(name: string, q: QueueConfig): QueueSettings {
  const field = `config.queues.${name}`;
  checkQueueName(name, field);
  if (!q || !Number.isInteger(q.maxWorkers) || q.maxWorkers < 1) {
    throw new InvalidArgumentError(`${field}.maxWorkers`, `must be a positive integer, got ${String(q?.maxWorkers)}`);
  }
  if (q.globalLimit !== undefined && (!Number.isInteger(q.globalLimit) || q.globalLimit < 1)) {
    throw new InvalidArgumentError(`${field}.globalLimit`, `must be a positive integer, got ${String(q.globalLimit)}`);
  }
  if (q.rateLimit !== undefined) {
    const { max, interval } = q.rateLimit ?? {};
    if (!Number.isInteger(max) || (max as number) < 1) {
      throw new InvalidArgumentError(`${field}.rateLimit.max`, `must be a positive integer, got ${String(max)}`);
    }
    if (typeof interval !== "number" || !Number.isFinite(interval) || interval <= 0) {
      throw new InvalidArgumentError(`${field}.rateLimit.interval`, `must be a positive number of milliseconds, got ${String(interval)}`);
    }
  }
  const fleetLimited = q.globalLimit !== undefined || q.rateLimit !== undefined;
  const fetchAhead = q.fetchAhead ?? (fleetLimited ? 0 : CLIENT_DEFAULTS.fetchAhead);
  if (fetchAhead !== "auto" && (!Number.isInteger(fetchAhead) || fetchAhead < 0)) {
    throw new InvalidArgumentError(`${field}.fetchAhead`, `must be a non-negative integer or "auto", got ${String(q.fetchAhead)}`);
  }
  if (fetchAhead !== 0 && fleetLimited) {
    throw new InvalidArgumentError(
      `${field}.fetchAhead`,
      "cannot be combined with globalLimit or rateLimit: jobs held ahead would count against the fleet's limits while not running",
    );
  }
  return Object.freeze({
    name,
    maxWorkers: q.maxWorkers,
    fetchAhead,
    globalLimit: q.globalLimit ?? null,
    rateLimit: q.rateLimit ? Object.freeze({ max: q.rateLimit.max, interval: q.rateLimit.interval }) : null,
  });
}

/** River's bound on the whole `river:log` array. */
const MAX_JOB_LOG_TOTAL_BYTES = 64 * 1024 * 1024;

function jobLogSettings(value: ClientConfig<unknown>["jobLogs"]): JobLogSettings {
  const d = CLIENT_DEFAULTS;
  if (value === false) return Object.freeze({ enabled: false, maxAttemptBytes: d.jobLogMaxAttemptBytes, maxTotalBytes: d.jobLogMaxTotalBytes });
  if (value !== undefined && (typeof value !== "object" || value === null)) throw new InvalidArgumentError("config.jobLogs", "must be false or { maxAttemptBytes?, maxTotalBytes? }");
  const size = (v: unknown, field: string, fallback: number, max: number): number => {
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > max) {
      throw new InvalidArgumentError(`config.jobLogs.${field}`, `must be an integer number of bytes from 1 to ${max}, got ${String(v)}`);
    }
    return v;
  };
  return Object.freeze({
    enabled: true,
    maxAttemptBytes: size(value?.maxAttemptBytes, "maxAttemptBytes", d.jobLogMaxAttemptBytes, MAX_JOB_LOG_TOTAL_BYTES),
    maxTotalBytes: size(value?.maxTotalBytes, "maxTotalBytes", d.jobLogMaxTotalBytes, MAX_JOB_LOG_TOTAL_BYTES),
  });
}

function describeId(id: unknown): string {
  return typeof id === "string" ? `${id.length} characters` : String(id);
}
