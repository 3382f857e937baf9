import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { riverConformanceDir } from "../src/testing/river-unique-key-goldens.js";

const RIVER_CONFORMANCE_DIR = riverConformanceDir();

/** Every file under `dir`, as paths relative to it with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

describe("River's golden data in test/data/river-conformance", () => {
  const sums = readFileSync(join(RIVER_CONFORMANCE_DIR, "SHA256SUMS"), "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      if (!match) throw new Error(`SHA256SUMS: unreadable line ${JSON.stringify(line)}`);
      return { sha256: match[1]!, file: match[2]! };
    });

  it.each(sums.map((s) => [s.file, s.sha256] as const))("%s is byte-identical to River's published copy", (file, sha256) => {
    expect(createHash("sha256").update(readFileSync(join(RIVER_CONFORMANCE_DIR, file))).digest("hex")).toBe(sha256);
  });

  it("holds no file that SHA256SUMS does not vouch for (only SOURCE.md and SHA256SUMS itself)", () => {
    expect(filesUnder(RIVER_CONFORMANCE_DIR)).toEqual([...sums.map((s) => s.file), "SHA256SUMS", "SOURCE.md"].sort());
  });
});
