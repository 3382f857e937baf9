// River's naming rules as core checks them: the queue regex rewritten without backtracking still means River's.
import { describe, expect, it } from "vitest";
import { isTributaryError } from "../src/base/errors.js";
import { checkQueueName, checkRiverKind, checkTag } from "../src/job/river-names.js";

const accepts = (check: (v: unknown, f: string) => string, value: string): boolean => {
  try {
    check(value, "field");
    return true;
  } catch (err) {
    expect(isTributaryError(err, "INVALID_ARGUMENT")).toBe(true);
    return false;
  }
};

describe("queue names", () => {
  // River's own expression, as River writes it (nested quantifiers: exponential on some bad input).
  // biome-ignore lint/complexity/noUselessEscapeInRegex: River's expression, verbatim
  const RIVER_QUEUE = /^(?:[a-z0-9])+(?:[_|\-]?[a-z0-9]+)*$/;

  it("accepts exactly what River's regex accepts (3,000 random names of up to 12 characters)", () => {
    const alphabet = "ab09_|-A .";
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 3_000; n++) {
      const name = Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(accepts(checkQueueName, name), name).toBe(RIVER_QUEUE.test(name));
    }
  });

  it("refuses a 64-character near miss at once, where River's regex would backtrack", () => {
    const started = performance.now();
    expect(accepts(checkQueueName, `${"a".repeat(63)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("holds names to 1–64 characters", () => {
    expect(accepts(checkQueueName, "q".repeat(64))).toBe(true);
    expect(accepts(checkQueueName, "q".repeat(65))).toBe(false);
    expect(accepts(checkQueueName, "")).toBe(false);
  });
});

describe("kinds and periodic ids", () => {
  it.each([
    ["ab", true],
    ["a[b]<c>/d.e·f:g+h", true],
    ["_x", true],
    ["a", false],
    ["-ab", false],
    ["a b", false],
    ["tâche", false],
    ["kind@every:1000", false],
  ])("%s → %s", (kind, ok) => {
    expect(accepts(checkRiverKind, kind)).toBe(ok);
  });
});

describe("tags", () => {
  it.each([
    ["abc", true],
    ["a-b", true],
    ["ab", false],
    ["-ab", false],
    ["ab-", false],
    ["a b", false],
    ["t".repeat(255), true],
    ["t".repeat(256), false],
  ])("%s → %s", (tag, ok) => {
    expect(accepts(checkTag, tag)).toBe(ok);
  });
});
