// The matching rules requireInserted applies to args and metadata, and the lines its messages print.
import { describe, expect, it } from "vitest";
import { describeDifference, differences } from "../src/partial-match.js";

describe("partial, deep matching", () => {
  it("ignores keys the expectation leaves out, at any depth", () => {
    expect(differences({ a: { b: 1 } }, { a: { b: 1, c: 2 }, d: 3 }, "args")).toEqual([]);
  });

  it("names each differing path, and a key the job lacks", () => {
    const found = differences({ a: { b: 1 }, e: "x", f: true }, { a: { b: 2 }, e: "y" }, "args");
    expect(found.map(describeDifference)).toEqual([
      "args.a.b: expected 1, got 2",
      "args.e: expected 'x', got 'y'",
      "args.f: expected true, but the job has no args.f",
    ]);
  });

  it("compares arrays at their full length, element by element (elements partially)", () => {
    expect(differences([{ sku: "a" }], [{ sku: "a", qty: 2 }], "args.items")).toEqual([]);
    expect(differences([1, 2], [1, 2, 3], "args.ids").map(describeDifference)).toEqual(["args.ids.length: expected 2, got 3"]);
    expect(differences([{ sku: "a" }, { sku: "b" }], [{ sku: "a" }, { sku: "c" }], "args.items").map(describeDifference)).toEqual([
      "args.items[1].sku: expected 'b', got 'c'",
    ]);
  });

  it("treats an undefined expectation as 'absent'", () => {
    expect(differences({ cc: undefined }, { to: "a" }, "args")).toEqual([]);
    expect(differences({ cc: undefined }, { cc: ["b"] }, "args").map(describeDifference)).toEqual(["args.cc: expected undefined, got [ 'b' ]"]);
  });

  it("matches a Date with the ISO string JSON stored, and a number with the same integer as bigint", () => {
    const at = new Date("2026-12-01T10:00:00.000Z");
    expect(differences({ at }, { at: "2026-12-01T10:00:00.000Z" }, "args")).toEqual([]);
    expect(differences(at, new Date(at.getTime()), "scheduledAt")).toEqual([]);
    expect(differences(at, new Date(at.getTime() + 1), "scheduledAt")).toHaveLength(1);
    expect(differences({ n: 9007199254740993n }, { n: 9007199254740993n }, "args")).toEqual([]);
    expect(differences({ n: 5 }, { n: 5n }, "args")).toEqual([]);
    expect(differences({ n: 5 }, { n: "5" }, "args").map(describeDifference)).toEqual(["args.n: expected 5, got '5'"]);
  });

  it("does not take an object for an array, or null for an object", () => {
    expect(differences({ a: [] }, { a: {} }, "args")).toHaveLength(1);
    expect(differences({ a: {} }, { a: null }, "args")).toHaveLength(1);
  });
});
