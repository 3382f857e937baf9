// River's cron dialect: robfig/cron's standard parser (five fields, descriptors, @every, CRON_TZ=).
import { type CronField, type CronSchedule, fieldSchedule, intervalSchedule } from "./cron-schedule.js";
import { parseGoDuration } from "./go-duration.js";
import { loadTimeZone, type TimeZone } from "./time-zone.js";

/** Why an expression is not one River's parser accepts; the message says what is wrong. */
export class CronSyntaxError extends Error {
  override readonly name = "CronSyntaxError";
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DAYS_OF_WEEK: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** Go's `unicode.IsSpace`, which `strings.Fields` splits on (not JS's `\s`: no U+FEFF, plus U+0085). */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const GO_SPACE_EDGES = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Parses `expression` as River does (robfig/cron's `ParseStandard`): an optional
 * `CRON_TZ=<zone> ` or `TZ=<zone> ` prefix; then a descriptor (`@yearly`, `@annually`,
 * `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`, `@every <Go duration>`) or exactly
 * five fields — minute, hour, day of month, month, day of week (0–6, Sunday 0; names
 * `jan`–`dec`, `sun`–`sat` in any case) — each a comma list of `*`, `?`, `n`, `a-b`, with an
 * optional `/step` (`a/step` runs from a to the field's maximum). Fields without a prefix
 * are read in `defaultZone` (River: the process's zone; Tributary: UTC unless configured).
 * `@every` runs are aligned to the Unix epoch (River counts from the schedule's start).
 * Throws {@link CronSyntaxError} for anything River's parser rejects.
 */
export function parseCron(expression: string, defaultZone: TimeZone): CronSchedule {
  if (expression.length === 0) throw new CronSyntaxError("empty spec string");
  let spec = expression;
  let zone = defaultZone;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    if (space < 0) throw new CronSyntaxError("a CRON_TZ=/TZ= prefix must be followed by a space and the schedule");
    const name = spec.slice(spec.indexOf("=") + 1, space);
    zone = zoneNamed(name);
    spec = spec.slice(space).replace(GO_SPACE_EDGES, "");
  }
  if (spec.startsWith("@")) return parseDescriptor(spec, zone);

  const fields = spec.split(GO_SPACE).filter((f) => f !== "");
  if (fields.length !== 5) throw new CronSyntaxError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  return fieldSchedule({
    minute: parseField(fields[0]!, MINUTES),
    hour: parseField(fields[1]!, HOURS),
    dayOfMonth: parseField(fields[2]!, DAYS_OF_MONTH),
    month: parseField(fields[3]!, MONTHS),
    dayOfWeek: parseField(fields[4]!, DAYS_OF_WEEK),
    zone,
  });
}

function zoneNamed(name: string): TimeZone {
  // Go's LoadLocation: "" and "UTC" are UTC; "Local" is the machine's zone, which would make
  // leaders in different zones disagree, so it is refused.
  if (name === "" || name === "UTC") return loadTimeZone("UTC");
  if (name === "Local") throw new CronSyntaxError('provided bad location Local: the machine\'s zone differs between hosts; name an IANA zone such as "Europe/Paris"');
  let zone: TimeZone;
  try {
    zone = loadTimeZone(name);
  } catch {
    throw new CronSyntaxError(`provided bad location ${name}: unknown time zone`);
  }
  // Go finds zones by file name, so case matters there where Intl ignores it ("utc",
  // "europe/paris" fail in River): refuse a name that is a known one in another case.
  const canonical = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  if (canonical !== name && canonical.toLowerCase() === name.toLowerCase()) {
    throw new CronSyntaxError(`provided bad location ${name}: unknown time zone (zone names are case-sensitive: ${canonical})`);
  }
  return zone;
}

function parseDescriptor(spec: string, zone: TimeZone): CronSchedule {
  const every = "@every ";
  if (spec.startsWith(every)) {
    let ns: bigint;
    try {
      ns = parseGoDuration(spec.slice(every.length));
    } catch (err) {
      throw new CronSyntaxError(`failed to parse duration ${spec}: ${(err as Error).message}`);
    }
    // robfig/cron: at least one second, sub-second remainder dropped.
    const seconds = ns < 1_000_000_000n ? 1n : ns / 1_000_000_000n;
    return intervalSchedule(Number(seconds) * 1000);
  }
  const all = (b: Bounds) => field(b.min, b.max, 1, true);
  const first = (b: Bounds) => field(b.min, b.min, 1, false);
  const at = { minute: first(MINUTES), hour: first(HOURS), zone };
  switch (spec) {
    case "@yearly":
    case "@annually":
      return fieldSchedule({ ...at, dayOfMonth: first(DAYS_OF_MONTH), month: first(MONTHS), dayOfWeek: all(DAYS_OF_WEEK) });
    case "@monthly":
      return fieldSchedule({ ...at, dayOfMonth: first(DAYS_OF_MONTH), month: all(MONTHS), dayOfWeek: all(DAYS_OF_WEEK) });
    case "@weekly":
      return fieldSchedule({ ...at, dayOfMonth: all(DAYS_OF_MONTH), month: all(MONTHS), dayOfWeek: first(DAYS_OF_WEEK) });
    case "@daily":
    case "@midnight":
      return fieldSchedule({ ...at, dayOfMonth: all(DAYS_OF_MONTH), month: all(MONTHS), dayOfWeek: all(DAYS_OF_WEEK) });
    case "@hourly":
      return fieldSchedule({ ...at, hour: all(HOURS), dayOfMonth: all(DAYS_OF_MONTH), month: all(MONTHS), dayOfWeek: all(DAYS_OF_WEEK) });
    default:
      throw new CronSyntaxError(`unrecognized descriptor: ${spec}`);
  }
}

/** A comma list of ranges; empty items are skipped, as Go's `strings.FieldsFunc` does. */
function parseField(text: string, bounds: Bounds): CronField {
  const matches: boolean[] = new Array(bounds.max + 1).fill(false);
  let wildcard = false;
  for (const item of text.split(",")) {
    if (item === "") continue;
    const range = parseRange(item, bounds);
    for (let v = range.start; v <= range.end; v += range.step) matches[v] = true;
    wildcard ||= range.wildcard;
  }
  return Object.freeze({ matches: Object.freeze(matches), wildcard });
}

function parseRange(expr: string, bounds: Bounds): { start: number; end: number; step: number; wildcard: boolean } {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0]!.split("-");
  let start: number;
  let end: number;
  let wildcard = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    // robfig/cron reads only the part before a hyphen here ("*-5" is "*").
    start = bounds.min;
    end = bounds.max;
    wildcard = true;
  } else {
    start = parseValue(lowAndHigh[0]!, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseValue(lowAndHigh[1]!, bounds.names);
    else throw new CronSyntaxError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1]!);
    // "a/n" means "a-max/n"; a step above 1 makes even "*" a restriction.
    if (lowAndHigh.length === 1) end = bounds.max;
    if (step > 1) wildcard = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronSyntaxError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new CronSyntaxError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronSyntaxError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronSyntaxError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronSyntaxError(`step of range should be a positive number: ${expr}`);
  return { start, end, step, wildcard };
}

function parseValue(text: string, names: Bounds["names"]): number {
  const key = text.toLowerCase();
  return names !== undefined && Object.hasOwn(names, key) ? names[key]! : parseNumber(text);
}

/** Go's `strconv.Atoi` (optional sign, ASCII digits, within int64), then non-negative. */
function parseNumber(text: string): number {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new CronSyntaxError(`failed to parse int from ${text}`);
  const value = BigInt(text);
  if (value > (1n << 63n) - 1n || value < -(1n << 63n)) throw new CronSyntaxError(`failed to parse int from ${text}: value out of range`);
  if (value < 0n) throw new CronSyntaxError(`negative number (${value}) not allowed: ${text}`);
  // Anything this large is out of every field's range; keep it a safe number for the checks.
  return value > 1_000_000n ? 1_000_000 : Number(value);
}

function field(min: number, max: number, step: number, wildcard: boolean): CronField {
  const matches: boolean[] = new Array(max + 1).fill(false);
  for (let v = min; v <= max; v += step) matches[v] = true;
  return Object.freeze({ matches: Object.freeze(matches), wildcard });
}
