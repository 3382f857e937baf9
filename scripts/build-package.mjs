// Builds the published package in the current folder twice from src/: ESM into dist/esm, CommonJS into dist/cjs.
//
// Usage, as a package's build script: `"build": "node ../../scripts/build-package.mjs"`. The package needs a
// tsconfig.build.json that extends ../../tsconfig.package-build.json (rootDir "src", include ["src"]) and the
// exports map described in CONTRIBUTING.md. Both builds come from the same sources with the same tsc, each with
// its own .d.ts: CommonJS declarations must sit under a `"type": "commonjs"` package.json to be read as CommonJS
// (node16/nodenext), or TypeScript treats them as ESM ("masquerading" types).
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const cwd = process.cwd();
const tsc = createRequire(join(cwd, "package.json")).resolve("typescript/bin/tsc");

/** Runs tsc on tsconfig.build.json with `overrides`, rejecting with its output when it reports errors. */
function compile(label, overrides) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, "-p", "tsconfig.build.json", ...overrides], { cwd }, (error, stdout, stderr) => {
      if (error) reject(new Error(`tsc (${label}) failed in ${cwd}:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

rmSync(join(cwd, "dist"), { recursive: true, force: true });
await Promise.all([
  compile("esm", ["--outDir", "dist/esm"]),
  // node10 resolution: how a CommonJS consumer's tsc finds our dependencies' CommonJS types (their `types`/`main`).
  compile("cjs", ["--outDir", "dist/cjs", "--module", "commonjs", "--moduleResolution", "node10", "--verbatimModuleSyntax", "false", "--customConditions", "null"]),
]);
mkdirSync(join(cwd, "dist/cjs"), { recursive: true });
writeFileSync(join(cwd, "dist/cjs/package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
