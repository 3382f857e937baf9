// River's cron goldens (robfig/cron ParseStandard) held against Tributary's cron parser.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isTributaryError } from "../src/base/errors.js";
import { JSONB_MAX_BYTES } from "../src/job/json-payload.js";
import { compilePeriodicJob } from "../src/periodic/periodic-job.js";
import { parseCron } from "../src/periodic/cron-parser.js";
import { fixedTimeZone, type TimeZone, UTC } from "../src/periodic/time-zone.js";

const ANY_KIND = { maxArgsBytes: JSONB_MAX_BYTES, knownKinds: null };

interface CronCase {
  name: string;
  expression: string;
  from: string;
  next: string[];
}
const golden = JSON.parse(
  readFileSync(new URL("./data/river-conformance/fixtures/maintenance_values.json", import.meta.url), "utf8"),
) as { cron_cases: CronCase[]; cron_named_zone_cases: CronCase[]; cron_invalid: string[] };

/**
 * Cases that differ by design. River counts `@every` from the time it is asked about (the
 * schedule's start), so two leaders started at different times disagree; Tributary aligns
 * `@every` runs to the Unix epoch so every leader computes the same run times and each run is
 * enqueued once. Intervals of one second give the same times either way, so
 * `every_rounds_up_to_one_second` and `every_truncates_subseconds` are held exactly.
 */
const EPOCH_ALIGNED_EVERY: Record<string, number> = {
  every_compound_duration: 5_400_000,
  every_fractional_duration: 5_400_000,
  every_seconds: 90_000,
};

/**
 * River reads an expression without a `CRON_TZ=` prefix in the zone of the time it is given
 * (in River, the process's zone); the goldens give it a fixed-offset time. Tributary reads it
 * in the configured zone (default UTC), so each case runs with the golden's offset as that zone.
 */
function zoneOfReference(from: string): TimeZone {
  const m = /([+-])(\d\d):(\d\d)$/.exec(from);
  if (!m) return UTC;
  const sign = m[1] === "-" ? -1 : 1;
  return fixedTimeZone(sign * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000));
}

/**
 * The first `count` runs after `from`, each computed from the one before (as River's
 * enqueuer advances). Through the public path (a periodic job's `nextRun`) whenever the
 * reference zone does not matter; through the parser with a fixed zone otherwise.
 */
function runs(expression: string, from: string, count: number): string[] {
  const zone = zoneOfReference(from);
  const prefixed = /^(CRON_)?TZ=/.test(expression);
  const next: (t: number) => number | null =
    zone === UTC || prefixed
      ? (() => {
          const job = compilePeriodicJob({ cron: expression, kind: "tick" }, "periodicJobs[0]", ANY_KIND);
          return (t: number) => job.nextRun(new Date(t))?.getTime() ?? null;
        })()
      : (t: number) => parseCron(expression, zone).next(t);
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const n = next(t);
    if (n === null) break;
    out.push(new Date(n).toISOString());
    t = n;
  }
  return out;
}

const iso = (times: string[]) => times.map((t) => new Date(t).toISOString());

describe("River's cron goldens", () => {
  const all = [...golden.cron_cases, ...golden.cron_named_zone_cases];

  it("the fixture holds the cases this test was written against", () => {
    expect(golden.cron_cases).toHaveLength(36);
    expect(golden.cron_named_zone_cases).toHaveLength(9);
    expect(golden.cron_invalid).toHaveLength(21);
    for (const name of Object.keys(EPOCH_ALIGNED_EVERY)) expect(all.map((c) => c.name)).toContain(name);
  });

  for (const c of all.filter((c) => !(c.name in EPOCH_ALIGNED_EVERY))) {
    it(`${c.name}: ${JSON.stringify(c.expression)} runs at River's times`, () => {
      expect(runs(c.expression, c.from, 5)).toEqual(iso(c.next));
    });
  }

  for (const [name, intervalMs] of Object.entries(EPOCH_ALIGNED_EVERY)) {
    it(`${name}: expected difference, runs every ${intervalMs} ms aligned to the Unix epoch, not to the start`, () => {
      const c = all.find((x) => x.name === name)!;
      const got = runs(c.expression, c.from, 5);
      // River's spacing, epoch-aligned, the first run within one interval of the start.
      const first = Date.parse(got[0]!);
      expect(first % intervalMs).toBe(0);
      expect(first).toBeGreaterThan(Date.parse(c.from));
      expect(first - Date.parse(c.from)).toBeLessThanOrEqual(intervalMs);
      expect(got.map((t) => Date.parse(t) - first)).toEqual([0, 1, 2, 3, 4].map((i) => i * intervalMs));
      expect(iso(c.next).map((t) => Date.parse(t) - Date.parse(c.next[0]!))).toEqual([0, 1, 2, 3, 4].map((i) => i * intervalMs));
      expect(got).not.toEqual(iso(c.next));
    });
  }

  for (const expression of golden.cron_invalid) {
    it(`rejects ${JSON.stringify(expression)} with INVALID_CRON, as River does`, () => {
      let error: unknown;
      try {
        compilePeriodicJob({ cron: expression, kind: "tick" }, "periodicJobs[0]", ANY_KIND);
      } catch (err) {
        error = err;
      }
      expect(isTributaryError(error, "INVALID_CRON")).toBe(true);
      expect((error as Error).message).toContain(JSON.stringify(expression));
    });
  }
});
