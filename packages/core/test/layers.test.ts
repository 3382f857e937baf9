// Holds core's source tree to the layer order written in packages/core/ARCHITECTURE.md.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "../src");

/** Bottom to top: a module may import its own layer and the layers below it, never one above. */
const LAYERS = [
  "base",
  "json",
  "driver",
  "job",
  "sql",
  "migrate",
  "extension",
  "insert",
  "periodic",
  "runtime",
  "maintenance",
  "leader",
  "admin",
  "config",
  "client",
  "testing",
  "index.ts",
] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  return relative(SRC, file).split("/")[0]!;
}

/** Relative imports of a file, resolved to source paths (`import type` included: types are coupling too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s.replace(/\.js$/, ".ts"))));
}

const files = sourceFiles(SRC);

describe("core's layers", () => {
  it("every top-level folder or file of src is a known layer", () => {
    const unknown = [...new Set(files.map(layerOf))].filter((l) => !(LAYERS as readonly string[]).includes(l));
    expect(unknown).toEqual([]);
  });

  it("no module imports a layer above its own", () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);
      for (const target of importsOf(file)) {
        const to = LAYERS.indexOf(layerOf(target) as (typeof LAYERS)[number]);
        if (to > from) upward.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("has no import cycles", () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it("no file is over 300 lines and every module starts with a one-line header", () => {
    const long = files.filter((f) => readFileSync(f, "utf8").split("\n").length > 300).map((f) => relative(SRC, f));
    const headless = files.filter((f) => !/^(\/\*\*|\/\/|\/\*)/.test(readFileSync(f, "utf8"))).map((f) => relative(SRC, f));
    expect(long).toEqual([]);
    expect(headless).toEqual([]);
  });

  it("the checks above see real imports (a guard against a regex that matches nothing)", () => {
    expect(importsOf(join(SRC, "client/client.ts")).length).toBeGreaterThan(5);
  });
});
