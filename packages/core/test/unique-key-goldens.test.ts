import { describe, expect, it } from "vitest";
import { uniqueKey } from "../src/job/unique-key.js";
import {
  representableUniqueKeyGoldens,
  riverUniqueKeyCases,
  UNREPRESENTABLE_GOLDENS,
  UNREPRODUCED_GOLDENS,
  type UniqueKeyGolden,
  unreproducedUniqueKeyGoldens,
} from "../src/testing/river-unique-key-goldens.js";

describe("uniqueKey() against River's golden vectors", () => {
  const goldens = representableUniqueKeyGoldens();

  it("runs every case and every typed-only case but the unrepresentable ones", () => {
    const { cases, typedOnly } = riverUniqueKeyCases();
    expect(cases).toHaveLength(21);
    expect(typedOnly).toHaveLength(2);
    const skipped = Object.keys(UNREPRESENTABLE_GOLDENS).length + Object.keys(UNREPRODUCED_GOLDENS).length;
    expect(goldens).toHaveLength(cases.length + typedOnly.length - skipped);
  });

  const check = (g: UniqueKeyGolden) => {
    const key = uniqueKey(g.unique, { kind: g.kind, args: g.args, queue: g.queue, scheduledAt: g.scheduledAt }, g.now);
    // The unique string rides along so a failure shows what was hashed.
    expect({ key: key.keyHex, states: key.states, string: key.uniqueString }).toEqual({
      key: g.expectedKeyHex,
      states: g.expectedStates,
      string: key.uniqueString,
    });
  };

  it.each(goldens.map((g) => [g.name, g] as const))("%s", (_name, g) => check(g));

  // Expected failures: see UNREPRODUCED_GOLDENS for what was tried. Passing one fails this test.
  it.fails.each(unreproducedUniqueKeyGoldens().map((g) => [g.name, g] as const))("%s (not reproduced, see UNREPRODUCED_GOLDENS)", (_name, g) =>
    check(g),
  );

  it("the unrepresentable cases really cannot be written as a JS object", () => {
    const { typedOnly } = riverUniqueKeyCases();
    const byName = new Map(typedOnly.map((c) => [c.name, c]));
    // River's text repeats "a"; a parsed object keeps one "a".
    expect(Object.keys(byName.get("typed_duplicate_top_level_keys")!.args)).toEqual(["a", "b"]);
    // River's text lists "10" before "2"; a JS object cannot.
    const labels = byName.get("typed_integer_like_map_keys")!.args.labels as object;
    expect(Object.keys(labels)).toEqual(["2", "10", "alpha", "zulu"]);
  });
});
