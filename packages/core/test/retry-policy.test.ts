// River's default retry delays and their cap, held against River's golden retry cases.
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JobRow } from "../src/job/job-row.js";
import { defaultRetryDelayMs, defaultRetryPolicy, MAX_RETRY_DELAY_MS } from "../src/runtime/retry-policy.js";

interface RetryCase {
  error_count: number;
  expected_delay_ns: number;
  job_id: number;
  now: string;
  seed: number;
}
// JSON.parse rounds expected_delay_ns to a double; the capped case is compared as text below.
const raw = readFileSync(new URL("./data/river-conformance/fixtures/protocol_values.json", import.meta.url), "utf8");
const cases = (JSON.parse(raw) as { retry_cases: RetryCase[] }).retry_cases;
const MAX_GO_DURATION_NS = (1n << 63n) - 1n;

/** A failed job with `errorCount - 1` earlier errors: the policy sees this failure as number `errorCount`. */
function jobWithErrors(errorCount: number): JobRow {
  const errors = Array.from({ length: errorCount - 1 }, (_, i) => ({ at: new Date(), attempt: i + 1, error: "boom", trace: "" }));
  return { errors } as unknown as JobRow;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("River's golden retry cases", () => {
  it("the fixture holds one capped case and seeded jittered ones", () => {
    expect(cases.map((c) => c.error_count)).toEqual([1, 2, 3, 11, 310]);
    expect(raw).toContain(`"expected_delay_ns": ${MAX_GO_DURATION_NS}`);
  });

  for (const c of cases.filter((c) => c.error_count < 310)) {
    it(`error ${c.error_count}: River's seeded delay and ours are both within ±10 % of ${c.error_count}^4 s`, () => {
      const baseMs = c.error_count ** 4 * 1000;
      const riverMs = c.expected_delay_ns / 1e6;
      expect(riverMs).toBeGreaterThanOrEqual(baseMs * 0.9);
      expect(riverMs).toBeLessThanOrEqual(baseMs * 1.1);
      // River's jitter comes from Go's seeded generator, which JS cannot replay: hold the bounds.
      for (let i = 0; i < 200; i++) {
        const ms = defaultRetryDelayMs(c.error_count);
        expect(ms).toBeGreaterThanOrEqual(baseMs * 0.9);
        expect(ms).toBeLessThanOrEqual(baseMs * 1.1);
      }
      expect(defaultRetryDelayMs(c.error_count, () => 0) / baseMs).toBeCloseTo(0.9, 9);
      expect(defaultRetryDelayMs(c.error_count, () => 0.999_999_999) / baseMs).toBeCloseTo(1.1, 6);
    });
  }

  it("error 310: exactly River's cap, the largest Go duration, without jitter", () => {
    const capped = cases.find((c) => c.error_count === 310)!;
    vi.useFakeTimers({ now: new Date(capped.now), toFake: ["Date"] });
    for (const r of [0, 0.5, 0.999]) expect(defaultRetryDelayMs(310, () => r)).toBe(MAX_RETRY_DELAY_MS);
    // The cap in whole milliseconds: what a Date can hold of 9223372036854775807 ns.
    expect(BigInt(MAX_RETRY_DELAY_MS)).toBe(MAX_GO_DURATION_NS / 1_000_000n);
    const next = defaultRetryPolicy(jobWithErrors(310));
    expect(next.getTime() - Date.parse(capped.now)).toBe(MAX_RETRY_DELAY_MS);
    expect(next.toISOString()).toBe("2318-04-14T02:51:22.532Z");
  });
});

describe("the cap", () => {
  it("holds for any error count: never jittered past it, never an invalid date", () => {
    // 309^4 s is under the cap, but +10 % jitter would pass it: clamped, as River clamps.
    expect(defaultRetryDelayMs(309, () => 0.999)).toBe(MAX_RETRY_DELAY_MS);
    expect(defaultRetryDelayMs(309, () => 0)).toBeLessThan(MAX_RETRY_DELAY_MS);
    for (const n of [310, 2_000, 1_000_000, Number.MAX_SAFE_INTEGER]) {
      const next = defaultRetryPolicy(jobWithErrors(Math.min(n, 5_000)));
      expect(Number.isNaN(next.getTime())).toBe(false);
      expect(defaultRetryDelayMs(n)).toBe(MAX_RETRY_DELAY_MS);
    }
  });

  it("a capped retry time round-trips through a PostgreSQL timestamptz unchanged", async () => {
    const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const next = defaultRetryPolicy(jobWithErrors(400));
      const { rows } = await client.query<{ back: Date; iso: string }>(
        "SELECT $1::timestamptz AS back, to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS iso",
        [next.toISOString()],
      );
      expect(rows[0]!.back.getTime()).toBe(next.getTime());
      expect(rows[0]!.iso).toBe(next.toISOString());
    } finally {
      await client.end();
    }
  });
});
