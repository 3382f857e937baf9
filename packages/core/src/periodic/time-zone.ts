// Time zones for cron schedules, with Go's wall-clock arithmetic (time.In, time.Date) in them.

/** A time zone: the offset of its wall clock from UTC at each instant. */
export interface TimeZone {
  /** The zone's name as given (`"UTC"`, `"America/New_York"`), for messages and ids. */
  readonly name: string;
  /** Milliseconds to add to `epochMs` to get the wall clock (UTC+1 → 3 600 000). */
  offsetAt(epochMs: number): number;
}

/** A wall-clock reading in some zone. Months are 1–12, weekdays 0 (Sunday) – 6. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

export const UTC: TimeZone = Object.freeze({ name: "UTC", offsetAt: () => 0 });

/** A zone with one constant offset, like Go's `time.FixedZone`. */
export function fixedTimeZone(offsetMs: number, name = "fixed"): TimeZone {
  return Object.freeze({ name, offsetAt: () => offsetMs });
}

const zones = new Map<string, TimeZone>();
const OFFSET_BUCKET_MS = 15 * 60_000;
/** About a year of buckets per zone. */
const MAX_CACHED_BUCKETS = 40_000;

/**
 * An IANA zone by name (`"Europe/London"`), read from the runtime's time zone database
 * (Intl). Throws a RangeError for a name it does not know. `"UTC"` is exact and cheap.
 */
export function loadTimeZone(name: string): TimeZone {
  if (name === "UTC") return UTC;
  const cached = zones.get(name);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: name,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    era: "short",
  });
  const exact = (epochMs: number): number => {
    const seconds = Math.floor(epochMs / 1000) * 1000;
    const p: Record<string, string> = {};
    for (const part of format.formatToParts(seconds)) p[part.type] = part.value;
    const year = p.era === "BC" || p.era === "B" ? 1 - Number(p.year) : Number(p.year);
    return utcMs(year, Number(p.month), Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - seconds;
  };
  // Intl is slow (tens of µs a call) and a cron walk asks for every minute and second it
  // steps over. Offsets change a few times a year: a bucket whose first and last second
  // have the same offset has it throughout (no zone changes and changes back within
  // 15 minutes); a bucket holding a change is answered second by second.
  const buckets = new Map<number, number | null>();
  const zone: TimeZone = Object.freeze({
    name,
    offsetAt(epochMs: number): number {
      const bucket = Math.floor(epochMs / OFFSET_BUCKET_MS);
      let offset = buckets.get(bucket);
      if (offset === undefined) {
        const first = exact(bucket * OFFSET_BUCKET_MS);
        offset = first === exact((bucket + 1) * OFFSET_BUCKET_MS - 1000) ? first : null;
        if (buckets.size >= MAX_CACHED_BUCKETS) buckets.clear();
        buckets.set(bucket, offset);
      }
      return offset ?? exact(epochMs);
    },
  });
  zones.set(name, zone);
  return zone;
}

/** The wall clock of `zone` at `epochMs` (Go's `t.In(zone)` fields). */
export function wallClock(epochMs: number, zone: TimeZone): WallClock {
  const d = new Date(epochMs + zone.offsetAt(epochMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/**
 * The instant of a wall-clock time in `zone`, as Go's `time.Date` computes it: fields out of
 * range carry over (month 13 is January of the next year, day 32 the next month), and a
 * time a daylight-saving change skips or repeats resolves the way Go resolves it (the
 * offset in force at the naive instant, corrected once by the offset at the result).
 */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: TimeZone): number {
  const naive = utcMs(year, month, day, hour, minute, second);
  return naive - zone.offsetAt(naive - zone.offsetAt(naive));
}

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}
