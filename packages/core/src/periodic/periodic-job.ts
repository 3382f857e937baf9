/** One schedule: its cron or interval, its run times and the unique row of each run. */
import { createHash } from "node:crypto";
import { InvalidArgumentError, TributaryError, withFieldPrefix } from "../base/errors.js";
import type { InsertOpts } from "../job/insert-opts.js";
import { type InsertRow, toInsertRow } from "../job/insert-row.js";
import { uniqueStatesMask } from "../job/unique-key.js";
import { type JobDefinition, resolveKind } from "../job/job-definition.js";
import { checkRiverKind } from "../job/river-names.js";
import type { InsertRules } from "../insert/insert-rules.js";
import { checkKnownKind } from "../insert/unknown-job-kind.js";
import { parseCron } from "./cron-parser.js";
import type { CronSchedule } from "./cron-schedule.js";
import { loadTimeZone, type TimeZone } from "./time-zone.js";

/**
 * A job the leader enqueues on a schedule: `{ cron: "0 * * * *", kind: "hourly_report", args: {} }`
 * or `{ every: 30_000, kind: "heartbeat", args: {} }`. Give exactly one of `cron` and `every`.
 */
export interface PeriodicJobConfig<TArgs extends object = Record<string, unknown>> {
  /**
   * A cron expression in River's dialect (robfig/cron's standard parser): five fields
   * (minute, hour, day of month, month, day of week 0–6 with Sunday 0), each a comma list
   * of `*`, `?`, `n`, `a-b`, optionally `/step` (`5/15` is `5-59/15`), with names `jan`–`dec`
   * and `sun`–`sat`; or a descriptor `@yearly`/`@annually`, `@monthly`, `@weekly`,
   * `@daily`/`@midnight`, `@hourly`, `@every <Go duration>` (`@every 1h30m`, whole seconds,
   * at least 1 s, aligned to the Unix epoch); optionally prefixed by `CRON_TZ=<IANA zone> `
   * or `TZ=<IANA zone> `. Seconds fields, `L`, `W`, `#` and day-of-week 7 are rejected
   * with INVALID_CRON, as River rejects them. When one day field is `*`/`?` both must
   * match; when both are restricted, either does (`0 12 1,15 * 5`: the 1st, the 15th and
   * Fridays). A wall time a daylight-saving change skips does not run that day; one it
   * repeats runs twice.
   */
  cron?: string;
  /**
   * IANA time zone a cron expression without a `CRON_TZ=` prefix is read in, e.g.
   * `"Europe/Paris"`. Default `"UTC"` (River uses the process's zone), so every instance of
   * a fleet computes the same run times whatever its machine's zone.
   */
  timezone?: string;
  /**
   * Run every this many milliseconds (an integer ≥ 1000). Runs fall on multiples of
   * `every` since the Unix epoch, so every instance computes the same run times.
   */
  every?: number;
  /** The job kind (or a `defineJob` definition, whose default options apply). */
  kind: string | JobDefinition<TArgs>;
  /** Args of every run. Default `{}`. */
  args?: TArgs;
  /** Insert options of every run. `scheduledAt` and `unique` are set by the enqueuer and must be left out. */
  opts?: Omit<InsertOpts, "scheduledAt" | "unique">;
  /**
   * When a client becomes leader, run the current period's run at once if it has not run
   * yet (e.g. on the first deploy), instead of waiting for the next run time. A leader change
   * within a period whose run already exists does not run it again.
   */
  runOnStart?: boolean;
  /**
   * Identifies this schedule across restarts and in `metadata."river:periodic_job_id"`; it
   * follows River's id rule (that of kinds: at least 2 characters, a letter, digit or `_`
   * first, then letters, digits and `_ - [ ] < > / . · : +`). Default: `<kind>:every:<ms>`,
   * or `<kind>:cron:<12 hex digits>` naming the cron expression and time zone (characters
   * of the kind outside River's rule become `_`). Give one when two schedules share kind and
   * timing (e.g. different args), or for a readable id.
   */
  id?: string;
}

/** A validated periodic job: its id and run times. */
export interface PeriodicJob {
  readonly id: string;
  /**
   * For a schedule without an explicit id: the default id versions before River's id rule
   * gave it (`<kind>@<cron>`, `<kind>@every:<ms>`), which runs enqueued by them still carry.
   * Runs keep that id's unique key, so an upgrade enqueues no run twice. Null with an explicit id.
   */
  readonly legacyId: string | null;
  readonly kind: string;
  readonly args: object;
  readonly opts: InsertOpts;
  readonly runOnStart: boolean;
  /** The schedule as configured: the cron expression (`<cron>@<timezone>` with a time zone) or `every:<ms>`. */
  readonly schedule: string;
  /** The first run strictly after `after`, or null when the schedule never fires again. */
  nextRun(after: Date): Date | null;
  /** The latest run at or before `at`, or null when there is none. */
  currentRun(at: Date): Date | null;
  /**
   * The row of the run at `runAt`: scheduled at `runAt` (or now when `now` is set, for
   * runOnStart), unique by kind, schedule id and run time in every state but cancelled and
   * discarded, so any number of leaders inserting it leave one job.
   */
  row(runAt: Date, now?: Date): InsertRow;
}

/** Metadata key naming the schedule a job was enqueued by (River's). */
export const PERIODIC_JOB_ID_KEY = "river:periodic_job_id";

/**
 * Validates one periodic job config. Throws INVALID_CRON (naming the expression) for a bad
 * cron expression or time zone and INVALID_ARGUMENT for any other bad field, so a mistake
 * shows at construction instead of at the first tick.
 */
export function compilePeriodicJob(config: PeriodicJobConfig<object>, field: string, rules: InsertRules): PeriodicJob {
  if (typeof config !== "object" || config === null) throw new InvalidArgumentError(field, "must be { cron | every, kind, args?, opts? }");
  const { cron, every, timezone } = config;
  const opts = (config.opts ?? {}) as InsertOpts;
  if (typeof opts !== "object" || opts === null) throw new InvalidArgumentError(`${field}.opts`, "must be an object");
  if (opts.scheduledAt !== undefined) throw new InvalidArgumentError(`${field}.opts.scheduledAt`, "is set by the enqueuer to each run's time");
  if (opts.unique !== undefined) throw new InvalidArgumentError(`${field}.opts.unique`, "is set by the enqueuer: each run is unique by schedule and run time");
  const resolved = resolveKind(config.kind, opts);
  if (typeof resolved.kind !== "string" || resolved.kind.length === 0) throw new InvalidArgumentError(`${field}.kind`, "must be a non-empty string or a job definition");
  const { scheduledAt: _s, unique: _u, ...runOpts } = resolved.opts;
  const args = config.args ?? {};
  if (typeof args !== "object" || args === null || Array.isArray(args)) throw new InvalidArgumentError(`${field}.args`, "must be a JSON object");
  if (config.runOnStart !== undefined && typeof config.runOnStart !== "boolean") throw new InvalidArgumentError(`${field}.runOnStart`, "must be a boolean");

  let nextRun: (after: Date) => Date | null;
  let currentRun: (at: Date) => Date | null;
  let schedule: string;
  if ((cron === undefined) === (every === undefined)) throw new InvalidArgumentError(field, "give exactly one of cron and every");
  if (cron !== undefined) {
    if (typeof cron !== "string") throw new TributaryError("INVALID_CRON", `${field}.cron: must be a cron expression string, got ${typeof cron}`);
    const zoneName = timezone ?? "UTC";
    let parsed: CronSchedule;
    try {
      parsed = parseCron(cron, zoneNamed(zoneName));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new TributaryError("INVALID_CRON", `${field}.cron: invalid cron expression ${JSON.stringify(cron)} (time zone ${zoneName}): ${reason}`, { cause: err });
    }
    nextRun = (after) => dateOrNull(parsed.next(after.getTime()));
    currentRun = (at) => dateOrNull(parsed.previous(at.getTime()));
    schedule = timezone === undefined ? cron : `${cron}@${timezone}`;
  } else {
    if (timezone !== undefined) throw new InvalidArgumentError(`${field}.timezone`, "only applies to cron schedules");
    if (typeof every !== "number" || !Number.isInteger(every) || every < 1000) {
      throw new InvalidArgumentError(`${field}.every`, `must be an integer number of milliseconds ≥ 1000, got ${String(every)}`);
    }
    nextRun = (after) => new Date((Math.floor(after.getTime() / every) + 1) * every);
    currentRun = (at) => new Date(Math.floor(at.getTime() / every) * every);
    schedule = `every:${every}`;
  }
  const kind = resolved.kind;
  // Every run is an insert: a client with workers refuses a kind none of them handles.
  checkKnownKind(kind, rules, `${field}.kind`);
  const legacyId = config.id === undefined ? `${kind}@${schedule}` : null;
  const id = config.id === undefined ? defaultPeriodicJobId(kind, cron, every, schedule) : checkRiverKind(config.id, `${field}.id`, "an id");
  const runKeyId = legacyId ?? id;
  const row = (runAt: Date, now?: Date): InsertRow => {
    const metadata = { ...runOpts.metadata, [PERIODIC_JOB_ID_KEY]: id };
    const r = toInsertRow(kind, args, { ...runOpts, metadata, ...(now ? {} : { scheduledAt: runAt }) }, rules, now ?? runAt);
    // Not River's unique string (River has no such key for periodic runs): it names the run
    // exactly, whatever the schedule's spacing, where a byPeriod bucket would not. A default
    // id keys its runs by the id older versions gave, so their runs already enqueued count.
    const key = `&kind=${kind}&periodic_job_id=${runKeyId}&run_at=${runAt.toISOString()}`;
    return { ...r, unique_key: createHash("sha256").update(key, "utf8").digest("hex"), unique_states: uniqueStatesMask() };
  };
  withFieldPrefix(`${field}.`, () => row(new Date()));
  return Object.freeze({ id, legacyId, kind, args, opts: runOpts, runOnStart: config.runOnStart ?? false, schedule, nextRun, currentRun, row });
}

/** Characters River's id rule allows after the first (the first must be a letter, digit or `_`). */
const ID_CHAR = /[\w\-[\]<>/.·:+]/;

/**
 * The default id of a schedule, within River's id rule: `<kind>:every:<ms>`, or
 * `<kind>:cron:<hash>` (a cron expression holds spaces and `*`, which the rule refuses).
 */
function defaultPeriodicJobId(kind: string, cron: string | undefined, every: number | undefined, schedule: string): string {
  const safeKind = [...kind].map((c, i) => (i === 0 ? /\w/.test(c) : ID_CHAR.test(c)) ? c : "_").join("");
  if (cron === undefined) return `${safeKind}:every:${every}`;
  return `${safeKind}:cron:${createHash("sha256").update(schedule, "utf8").digest("hex").slice(0, 12)}`;
}

function zoneNamed(name: string): TimeZone {
  if (typeof name !== "string") throw new Error(`the time zone must be a string, got ${typeof name}`);
  try {
    return loadTimeZone(name);
  } catch {
    throw new Error(`unknown time zone ${JSON.stringify(name)}`);
  }
}

function dateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
