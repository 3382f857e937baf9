// Tributary's cron parser beyond River's goldens: croner's extras refused, Go durations, previous runs.
import { describe, expect, it } from "vitest";
import { isTributaryError } from "../src/base/errors.js";
import { parseCron } from "../src/periodic/cron-parser.js";
import { parseGoDuration } from "../src/periodic/go-duration.js";
import { JSONB_MAX_BYTES } from "../src/job/json-payload.js";
import { compilePeriodicJob } from "../src/periodic/periodic-job.js";
import { loadTimeZone, UTC } from "../src/periodic/time-zone.js";

const compile = (cron: string, timezone?: string) =>
  compilePeriodicJob({ cron, kind: "tick", ...(timezone !== undefined ? { timezone } : {}) }, "periodicJobs[0]", { maxArgsBytes: JSONB_MAX_BYTES, knownKinds: null });

function cronError(cron: string, timezone?: string): unknown {
  try {
    compile(cron, timezone);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("what River's parser refuses", () => {
  // Accepted by croner (Tributary's parser before), refused by robfig/cron: now INVALID_CRON.
  for (const cron of ["0 0 L * *", "0 0 15W * *", "0 0 * * 5#2", "0 0 * * 5L", "0 0 0 * * *", "0 0 0 * * * 2027", "0 0 * * 7", "0 0 * * 1-7"]) {
    it(`${JSON.stringify(cron)} is INVALID_CRON`, () => {
      const err = cronError(cron);
      expect(isTributaryError(err, "INVALID_CRON")).toBe(true);
      expect((err as Error).message).toContain(JSON.stringify(cron));
    });
  }

  it("refuses an unknown zone in the timezone option and CRON_TZ=Local (which would differ between hosts)", () => {
    expect(isTributaryError(cronError("0 9 * * *", "Mars/Olympus_Mons"), "INVALID_CRON")).toBe(true);
    expect(isTributaryError(cronError("CRON_TZ=Local 0 9 * * *"), "INVALID_CRON")).toBe(true);
    expect(isTributaryError(cronError("CRON_TZ=UTC"), "INVALID_CRON")).toBe(true);
    // Go looks zones up by file name: case matters, aliases are fine.
    expect(isTributaryError(cronError("CRON_TZ=europe/paris 0 9 * * *"), "INVALID_CRON")).toBe(true);
    expect(isTributaryError(cronError("TZ=utc 0 9 * * *"), "INVALID_CRON")).toBe(true);
    expect(compile("CRON_TZ=US/Eastern 0 9 * * *").nextRun(new Date("2026-01-02T00:00:00Z"))?.toISOString()).toBe("2026-01-02T14:00:00.000Z");
    expect(compile("CRON_TZ=Etc/UTC 0 9 * * *").nextRun(new Date("2026-01-02T00:00:00Z"))?.toISOString()).toBe("2026-01-02T09:00:00.000Z");
  });

  it("accepts what robfig/cron accepts beyond the goldens: ? in any field, empty list items, *-n, +n", () => {
    const next = (cron: string) => compile(cron).nextRun(new Date("2026-01-02T03:04:05Z"))?.toISOString();
    expect(next("? ? ? ? ?")).toBe("2026-01-02T03:05:00.000Z");
    expect(next("0,,30 * * * *")).toBe("2026-01-02T03:30:00.000Z");
    expect(next("*-5 * * * *")).toBe("2026-01-02T03:05:00.000Z");
    expect(next("+7 * * * *")).toBe("2026-01-02T03:07:00.000Z");
    expect(next("0 0 * * SAT")).toBe("2026-01-03T00:00:00.000Z");
    // A list with no items matches nothing: it never runs, as River's never does.
    expect(next(", * * * *")).toBeUndefined();
  });

  it("the timezone option is the zone an unprefixed expression is read in; a CRON_TZ= prefix wins", () => {
    const from = new Date("2026-01-02T00:00:00Z");
    expect(compile("0 9 * * *").nextRun(from)?.toISOString()).toBe("2026-01-02T09:00:00.000Z");
    expect(compile("0 9 * * *", "Asia/Tokyo").nextRun(from)?.toISOString()).toBe("2026-01-03T00:00:00.000Z");
    expect(compile("CRON_TZ=UTC 0 9 * * *", "Asia/Tokyo").nextRun(from)?.toISOString()).toBe("2026-01-02T09:00:00.000Z");
  });
});

describe("Go durations (@every)", () => {
  it("parse as Go's time.ParseDuration does", () => {
    expect(parseGoDuration("1h30m")).toBe(5_400_000_000_000n);
    expect(parseGoDuration("1.5h")).toBe(5_400_000_000_000n);
    expect(parseGoDuration("90s")).toBe(90_000_000_000n);
    expect(parseGoDuration("500ms")).toBe(500_000_000n);
    expect(parseGoDuration("1µs2ns")).toBe(1_002n);
    expect(parseGoDuration(".5s")).toBe(500_000_000n);
    expect(parseGoDuration("1.s")).toBe(1_000_000_000n);
    expect(parseGoDuration("-2m")).toBe(-120_000_000_000n);
    expect(parseGoDuration("+0")).toBe(0n);
    expect(parseGoDuration("2562047h47m16.854775807s")).toBe((1n << 63n) - 1n);
    for (const bad of ["", "0x", "00", "5", ".s", "1h ", " 1h", "1d", "-", "2562047h47m16.854775808s", "9223372036854775808ns"]) {
      expect(() => parseGoDuration(bad), bad).toThrow(/time: /);
    }
  });

  it("@every runs whole seconds, at least one, aligned to the Unix epoch", () => {
    const from = Date.parse("2026-01-02T03:04:05.678Z");
    expect(parseCron("@every 1500ms", UTC).next(from)).toBe(Date.parse("2026-01-02T03:04:06Z"));
    expect(parseCron("@every -5m", UTC).next(from)).toBe(Date.parse("2026-01-02T03:04:06Z"));
    expect(parseCron("@every 0", UTC).next(from)).toBe(Date.parse("2026-01-02T03:04:06Z"));
    expect(parseCron("@every 1h", UTC).next(from)).toBe(Date.parse("2026-01-02T04:00:00Z"));
    expect(parseCron("@every 1h", UTC).previous(from)).toBe(Date.parse("2026-01-02T03:00:00Z"));
  });
});

describe("previous runs (runOnStart's current run)", () => {
  it("is the latest run at or before the time, agreeing with next()", () => {
    const job = compile("0 12 * * 5");
    expect(job.currentRun(new Date("2026-01-08T00:00:00Z"))?.toISOString()).toBe("2026-01-02T12:00:00.000Z");
    expect(job.currentRun(new Date("2026-01-09T12:00:00Z"))?.toISOString()).toBe("2026-01-09T12:00:00.000Z");
    expect(job.currentRun(new Date("2026-01-09T11:59:59.999Z"))?.toISOString()).toBe("2026-01-02T12:00:00.000Z");
    expect(compile("0 0 29 2 *").currentRun(new Date("2027-06-01T00:00:00Z"))?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(compile("0 0 30 2 *").currentRun(new Date("2027-06-01T00:00:00Z"))).toBeNull();
  });

  it("counts a wall time a daylight-saving change repeats twice, like next()", () => {
    const s = parseCron("CRON_TZ=America/New_York 30 1 * * *", UTC);
    // 01:30 EDT is 05:30Z and 01:30 EST is 06:30Z on 2026-11-01.
    expect(s.previous(Date.parse("2026-11-01T06:00:00Z"))).toBe(Date.parse("2026-11-01T05:30:00Z"));
    expect(s.previous(Date.parse("2026-11-01T07:00:00Z"))).toBe(Date.parse("2026-11-01T06:30:00Z"));
    expect(s.next(Date.parse("2026-11-01T05:30:00Z"))).toBe(Date.parse("2026-11-01T06:30:00Z"));
  });

  it("agrees with next() for every minute of a day across a daylight-saving change", () => {
    const s = parseCron("*/7 1-3 * * *", loadTimeZone("Europe/London"));
    const start = Date.parse("2026-03-28T23:00:00Z");
    let run = s.next(start)!;
    while (run < start + 30 * 3_600_000) {
      const following = s.next(run)!;
      expect(s.previous(following - 1)).toBe(run);
      expect(s.previous(run)).toBe(run);
      run = following;
    }
  });
});

describe("run times against brute force", () => {
  // In UTC (no offset changes) robfig/cron's walk must find exactly the first whole minute
  // whose fields match: checked minute by minute for random expressions and start times.
  const pick = <T>(xs: readonly T[], r: () => number) => xs[Math.floor(r() * xs.length)]!;
  function rng(seed: number): () => number {
    let x = seed;
    return () => {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      return x / 2_147_483_648;
    };
  }
  const matches = (field: string, value: number, min: number, max: number): boolean =>
    field.split(",").some((part) => {
      const [range, stepText] = part.split("/");
      const step = stepText === undefined ? 1 : Number(stepText);
      const [lo, hi] = range === "*" ? [min, max] : range!.includes("-") ? range!.split("-").map(Number) : [Number(range), stepText === undefined ? Number(range) : max];
      return value >= lo! && value <= hi! && (value - lo!) % step === 0;
    });

  it("agrees on 500 random expressions", () => {
    const r = rng(42);
    const minutes = ["*", "0", "*/15", "5/15", "0-10/5", "7,23,59", "30"];
    const hours = ["*", "9-17", "*/6", "0", "23", "1,13"];
    const doms = ["*", "1", "15", "1,15", "*/2", "28-31"];
    const months = ["*", "*", "1", "2,8", "*/3"];
    const dows = ["*", "*", "1-5", "0", "6", "5"];
    for (let i = 0; i < 500; i++) {
      const f = [pick(minutes, r), pick(hours, r), pick(doms, r), pick(months, r), pick(dows, r)];
      const expression = f.join(" ");
      const from = Date.UTC(2026, 0, 1) + Math.floor(r() * 2 * 365 * 86_400_000);
      const got = parseCron(expression, UTC).next(from);
      const domStar = f[2]!.startsWith("*") && f[2] !== "*/2";
      const dowStar = f[4] === "*";
      let expected: number | null = null;
      const limit = from + 400 * 86_400_000;
      for (let t = Math.floor(from / 60_000) * 60_000 + 60_000; t <= limit; t += 60_000) {
        const d = new Date(t);
        const dom = matches(f[2]!, d.getUTCDate(), 1, 31);
        const dow = matches(f[4]!, d.getUTCDay(), 0, 6);
        if (!matches(f[3]!, d.getUTCMonth() + 1, 1, 12) || !(domStar || dowStar ? dom && dow : dom || dow)) {
          // Not this day: on to the last minute before the next one.
          t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - 60_000;
          continue;
        }
        if (matches(f[0]!, d.getUTCMinutes(), 0, 59) && matches(f[1]!, d.getUTCHours(), 0, 23)) {
          expected = t;
          break;
        }
      }
      if (expected === null) expect(got === null || got > limit, expression).toBe(true);
      else expect(got, `${expression} from ${new Date(from).toISOString()}`).toBe(expected);
    }
  });
});

