// Run times of a parsed cron schedule, computed the way robfig/cron (River's parser) computes them.
import { type TimeZone, wallClock, zonedTime } from "./time-zone.js";

/** When a schedule runs. Times are epoch milliseconds. */
export interface CronSchedule {
  /** The first run strictly after `afterMs`, or null when the schedule never runs again. */
  next(afterMs: number): number | null;
  /** The latest run at or before `atMs`, or null when there is none within about five years. */
  previous(atMs: number): number | null;
}

/** The values one field matches, and whether it was written as a wildcard (`*`, `?`, `*\/1`). */
export interface CronField {
  /** `matches[v]` is true when value `v` is in the field. */
  readonly matches: readonly boolean[];
  readonly wildcard: boolean;
}

/** The five fields of a standard cron expression (seconds are always 0), read in `zone`. */
export interface CronFields {
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
  readonly zone: TimeZone;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** How far back `previous` looks, widening until it finds a run (the last covers `next`'s five-year horizon). */
const LOOKBACK_WINDOWS_MS = [HOUR, 2 * 24 * HOUR, 40 * 24 * HOUR, 400 * 24 * HOUR, 6 * 366 * 24 * HOUR];

/** A schedule of cron fields: robfig/cron's `SpecSchedule`. */
export function fieldSchedule(fields: CronFields): CronSchedule {
  const next = (afterMs: number) => nextFieldRun(fields, afterMs);
  return Object.freeze({ next, previous: (atMs: number) => previousRun(next, atMs) });
}

/**
 * A schedule that runs every `intervalMs` (a whole number of seconds ≥ 1 s for `@every`),
 * at the multiples of the interval since the Unix epoch. River counts from each run's
 * reference time instead; Tributary aligns to the epoch so every leader, whenever it
 * started, computes the same run times and each run is enqueued once.
 */
export function intervalSchedule(intervalMs: number): CronSchedule {
  return Object.freeze({
    next: (afterMs: number) => (Math.floor(afterMs / intervalMs) + 1) * intervalMs,
    previous: (atMs: number) => Math.floor(atMs / intervalMs) * intervalMs,
  });
}

/**
 * robfig/cron's `SpecSchedule.Next`: from the next whole second, advance month, day, hour,
 * minute and second in turn (wall-clock steps for months and days, absolute steps for
 * hours and below, which is what skips a wall time a daylight-saving change removes and
 * runs twice one it repeats), restarting from the month whenever a field wraps, and give up
 * after five years.
 */
function nextFieldRun(s: CronFields, afterMs: number): number | null {
  const zone = s.zone;
  let t = Math.floor(afterMs / SECOND) * SECOND + SECOND;
  let added = false;
  const yearLimit = wallClock(t, zone).year + 5;
  wrap: for (;;) {
    let w = wallClock(t, zone);
    if (w.year > yearLimit) return null;

    while (!s.month.matches[w.month]) {
      if (!added) {
        added = true;
        t = zonedTime(w.year, w.month, 1, 0, 0, 0, zone);
        w = wallClock(t, zone);
      }
      t = zonedTime(w.year, w.month + 1, w.day, w.hour, w.minute, w.second, zone);
      w = wallClock(t, zone);
      if (w.month === 1) continue wrap;
    }

    while (!dayMatches(s, w)) {
      if (!added) {
        added = true;
        t = zonedTime(w.year, w.month, w.day, 0, 0, 0, zone);
        w = wallClock(t, zone);
      }
      t = zonedTime(w.year, w.month, w.day + 1, w.hour, w.minute, w.second, zone);
      w = wallClock(t, zone);
      // A daylight-saving change can move midnight: back onto the day's start.
      if (w.hour !== 0) {
        t += w.hour > 12 ? (24 - w.hour) * HOUR : -w.hour * HOUR;
        w = wallClock(t, zone);
      }
      if (w.day === 1) continue wrap;
    }

    while (!s.hour.matches[w.hour]) {
      if (!added) {
        added = true;
        t = zonedTime(w.year, w.month, w.day, w.hour, 0, 0, zone);
      }
      t += HOUR;
      w = wallClock(t, zone);
      if (w.hour === 0) continue wrap;
    }

    if (!s.minute.matches[w.minute]) {
      if (!added) {
        added = true;
        t = Math.floor(t / MINUTE) * MINUTE;
      }
      // Go steps a minute at a time until a match, or to minute 0 and then wraps. Where the
      // offset stays the same until there (every step but across a zone change), jump.
      let m = w.minute + 1;
      while (m < 60 && !s.minute.matches[m]) m++;
      const target = t + (m - w.minute) * MINUTE;
      if (zone.offsetAt(target) === zone.offsetAt(t)) {
        t = target;
        w = wallClock(t, zone);
        if (m === 60) continue wrap;
      } else {
        while (!s.minute.matches[w.minute]) {
          t += MINUTE;
          w = wallClock(t, zone);
          if (w.minute === 0) continue wrap;
        }
      }
    }

    // The standard parser's seconds field is always 0: Go steps a second at a time to second
    // 0 and wraps. Where the offset stays the same until there, jump.
    if (w.second !== 0) {
      if (!added) {
        added = true;
        t = Math.floor(t / SECOND) * SECOND;
      }
      const target = t + (60 - w.second) * SECOND;
      if (zone.offsetAt(target) === zone.offsetAt(t)) {
        t = target;
        continue wrap;
      }
      for (;;) {
        t += SECOND;
        w = wallClock(t, zone);
        if (w.second === 0) continue wrap;
      }
    }
    return t;
  }
}

/**
 * cron's classic day rule, as robfig/cron has it: when either day field is a wildcard both
 * must match; when both are restricted, a day matching either runs.
 */
function dayMatches(s: CronFields, w: { day: number; weekday: number }): boolean {
  const dom = s.dayOfMonth.matches[w.day] === true;
  const dow = s.dayOfWeek.matches[w.weekday] === true;
  return s.dayOfMonth.wildcard || s.dayOfWeek.wildcard ? dom && dow : dom || dow;
}

/**
 * The latest run at or before `atMs`, derived from `next` so the two always agree (a wall
 * time repeated by a daylight-saving change counts twice here too): within a window
 * before `atMs`, a binary search over whole seconds finds the last start whose next run is
 * still at or before `atMs`.
 */
function previousRun(next: (afterMs: number) => number | null, atMs: number): number | null {
  const upper = Math.floor(atMs / SECOND) * SECOND;
  for (const window of LOOKBACK_WINDOWS_MS) {
    let lo = upper - window;
    const first = next(lo);
    if (first === null || first > atMs) continue;
    // Invariant: next(lo) ≤ atMs < next(hi) (next(upper) is after upper, hence after atMs's second).
    let hi = upper;
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
      const run = next(mid);
      if (run !== null && run <= atMs) lo = mid;
      else hi = mid;
    }
    return next(lo);
  }
  return null;
}
