import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../src/base/errors.js";
import { uniqueArgsJson, uniquePathNames } from "../src/job/unique-args.js";

describe("uniqueArgsJson with selected paths", () => {
  it("rebuilds nested objects in sorted path order, keeping integer-like names where the paths put them", () => {
    const args = { b: { "10": "ten", "2": "two" }, a: 1 };
    // Sorted paths: "a", "b.10", "b.2"; a plain object would have listed "2" before "10".
    expect(uniqueArgsJson(args, ["b.2", "b.10", "a"])).toBe('{"a":1,"b":{"10":"ten","2":"two"}}');
  });

  it("a selected object holds its deeper selected paths as they are", () => {
    const args = { account: { id: "x", region: "eu" } };
    expect(uniqueArgsJson(args, ["account.id", "account"])).toBe('{"account":{"id":"x","region":"eu"}}');
  });

  it("does not step into arrays, Dates or scalars: such a path is missing", () => {
    const args = { list: [{ id: 1 }], at: new Date(0), n: 5 };
    expect(uniqueArgsJson(args, ["list.0", "at.time", "n.x"])).toBe("");
    expect(uniqueArgsJson(args, ["at"])).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });

  it("keeps an explicit null, skips undefined, and escapes names the way River writes them", () => {
    expect(uniqueArgsJson({ a: null, b: undefined, "é&": { "x<y": 1 } }, ["a", "b", "é&.x<y"])).toBe('{"a":null,"é\\u0026":{"x<y":1}}');
  });
});

describe("uniquePathNames", () => {
  it("splits on dots, takes \\. as a literal dot, and keeps / as an ordinary character", () => {
    expect(uniquePathNames("account.id")).toEqual(["account", "id"]);
    expect(uniquePathNames("user\\.id")).toEqual(["user.id"]);
    expect(uniquePathNames("path/key")).toEqual(["path/key"]);
  });

  it.each(["", "a..b", ".a", "a.", "a\\"])("refuses %j naming the field", (path) => {
    expect(() => uniquePathNames(path, "opts.unique.byArgs[0]")).toThrow(InvalidArgumentError);
    expect(() => uniquePathNames(path, "opts.unique.byArgs[0]")).toThrow("opts.unique.byArgs[0]");
  });
});
