import { describe, expect, it } from "vitest";
import { JSONB_MAX_BYTES, serializeJsonObject } from "../src/job/json-payload.js";
import { parseExactJson } from "../src/json/exact-json-parse.js";
import { stringifyExactJson } from "../src/json/exact-json-stringify.js";

/** A float token with a 17-digit integer part: sends any document through the exact parser's slow path. */
const SLOW_PATH_MARKER = "12345678901234567.5";

function randomJson(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 3 ? 5 : 7));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return [0, -0, 1.5, -2.25e-7, 1e21, 123456789, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER][Math.floor(rand() * 8)];
    case 3:
    case 4: {
      const chars = ["a", "é", "😀", '"', "\\", "\n", "\u0000", "\u001f", "\u2028", "<", "/", "__proto__", "9007199254740993"];
      return Array.from({ length: Math.floor(rand() * 4) }, () => chars[Math.floor(rand() * chars.length)]).join("");
    }
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1));
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 4); i > 0; i--) {
        const key = randomJson(rand, 9);
        obj[typeof key === "string" ? key : String(key)] = randomJson(rand, depth + 1);
      }
      return obj;
    }
  }
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe("parseExactJson", () => {
  it("reads integers outside ±(2^53−1) as exact bigints and keeps every other number a number", () => {
    const text =
      '{"max": 9223372036854775807, "min": -9223372036854775808, "u64": 18446744073709551615, "pow53": 9007199254740992,' +
      ' "safe": 9007199254740991, "negSafe": -9007199254740991, "zero": -0, "frac": 1.25, "exp": 1e+100, "big_float": 12345678901234567.5,' +
      ' "nested": [{"deep": [100000000000000000000]}]}';
    const v = parseExactJson(text) as Record<string, unknown>;
    expect(v).toEqual({
      max: 9223372036854775807n,
      min: -9223372036854775808n,
      u64: 18446744073709551615n,
      pow53: 9007199254740992n,
      safe: 9007199254740991,
      negSafe: -9007199254740991,
      zero: -0,
      frac: 1.25,
      exp: 1e100,
      // A float token stays a number, rounded exactly as JSON.parse rounds it.
      big_float: Number("12345678901234567.5"),
      nested: [{ deep: [100000000000000000000n] }],
    });
    expect(Object.is(v.zero, -0)).toBe(true);
  });

  it("agrees with JSON.parse on everything else, through the fast and the slow path", () => {
    const rand = seeded(42);
    for (let i = 0; i < 2000; i++) {
      const doc = randomJson(rand);
      const text = JSON.stringify(doc);
      expect(parseExactJson(text)).toEqual(JSON.parse(text));
      const slow = `{"doc":${JSON.stringify(doc, null, i % 2 === 0 ? 2 : undefined)},\n "marker" : ${SLOW_PATH_MARKER}}`;
      expect(parseExactJson(slow)).toEqual(JSON.parse(slow));
    }
  });

  it('makes "__proto__" an own member, as JSON.parse does, instead of setting the prototype', () => {
    const v = parseExactJson('{"__proto__": {"polluted": 1}, "n": 90071992547409930}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.hasOwn(v, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(["", "{", '{"a" 1, "b": 90071992547409930}', "[90071992547409930,]", "[90071992547409930] x", '["\u0001", 90071992547409930]', "[01, 90071992547409930]"])(
    "rejects invalid JSON %j with a SyntaxError, like JSON.parse",
    (text) => {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => parseExactJson(text)).toThrow(SyntaxError);
    },
  );
});

describe("stringifyExactJson", () => {
  it("writes bigints as their digits and -0 as -0, and reads back the same values", () => {
    const value = { max: 9223372036854775807n, min: -9223372036854775808n, zero: -0, list: [-0, 1n, 2.5], when: new Date(0) };
    const text = stringifyExactJson(value)!;
    expect(text).toBe('{"max":9223372036854775807,"min":-9223372036854775808,"zero":-0,"list":[-0,1,2.5],"when":"1970-01-01T00:00:00.000Z"}');
    expect(parseExactJson(text)).toEqual({ ...value, list: [-0, 1, 2.5], when: "1970-01-01T00:00:00.000Z" });
  });

  it("writes what JSON.stringify writes for every value without a bigint or -0", () => {
    const rand = seeded(7);
    for (let i = 0; i < 2000; i++) {
      const doc = JSON.parse(JSON.stringify(randomJson(rand)) ?? "null", (_k, v) => (Object.is(v, -0) ? 0 : v));
      expect(stringifyExactJson(doc)).toBe(JSON.stringify(doc));
    }
    const odd = { u: undefined, f: () => 1, s: Symbol("x"), a: [undefined, () => 1], n: Number.NaN, boxed: new String("b"), t: { toJSON: (k: string) => `key:${k}` } };
    expect(stringifyExactJson(odd)).toBe(JSON.stringify(odd));
  });
});

describe("serializeJsonObject", () => {
  it("accepts bigints and -0 in args and writes them exactly", () => {
    expect(serializeJsonObject({ id: 9223372036854775807n, nested: { z: -0 } }, "args", JSONB_MAX_BYTES)).toBe('{"id":9223372036854775807,"nested":{"z":-0}}');
  });

  it("still refuses what JSON cannot hold, naming the path", () => {
    expect(() => serializeJsonObject({ a: { b: Number.NaN } }, "args", JSONB_MAX_BYTES)).toThrow("args.a.b");
    expect(() => serializeJsonObject({ a: [1, undefined] }, "args", JSONB_MAX_BYTES)).toThrow("args.a[1]");
  });
});
