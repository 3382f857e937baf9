import { describe, expect, it } from "vitest";
import { median, percentile, summarize } from "../src/stats.js";

describe("stats", () => {
  it("interpolates percentiles between ranks", () => {
    const values = [5, 1, 4, 2, 3];
    expect(median(values)).toBe(3);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile(values, 95)).toBeCloseTo(4.8);
  });

  it("summarises repetitions as median with min and max", () => {
    expect(summarize([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30, n: 3 });
    expect(summarize([]).n).toBe(0);
  });
});
