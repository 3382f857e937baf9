// Lints every published package as it would be published: packs it with pnpm, then runs publint and
// @arethetypeswrong/cli on the tarball; any message from either (even a suggestion) fails the run.
//
// A published package is every packages/*/package.json without `"private": true`, so a new package is
// checked from its first commit on. `pnpm pack` (not npm pack) because it applies publishConfig.exports
// and turns workspace: ranges into versions, as `pnpm publish` does.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => join(root, "node_modules/.bin", name);
const destination = mkdtempSync(join(tmpdir(), "tributary-check-packages-"));

/** Runs a command; returns its exit status and everything it printed. */
function run(command, args, cwd) {
  try {
    return { status: 0, output: execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
  } catch (err) {
    return { status: err.status ?? 1, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

const published = readdirSync(join(root, "packages"))
  .filter((folder) => existsSync(join(root, "packages", folder, "package.json")))
  .filter((folder) => JSON.parse(readFileSync(join(root, "packages", folder, "package.json"), "utf8")).private !== true);

let failures = 0;
try {
  for (const folder of published) {
    const packed = run("pnpm", ["pack", "--pack-destination", destination], join(root, "packages", folder));
    const tarball = packed.output.trim().split("\n").reverse().find((line) => line.trim().endsWith(".tgz"))?.trim();
    if (packed.status !== 0 || !tarball) {
      console.error(`✗ ${folder}: pnpm pack failed\n${packed.output}`);
      failures++;
      continue;
    }
    const checks = [
      { tool: "publint", ...run(bin("publint"), ["run", tarball, "--strict"], root), clean: /All good!/ },
      { tool: "attw", ...run(bin("attw"), [tarball, "--no-emoji", "--no-color"], root), clean: /No problems found/ },
    ];
    for (const check of checks) {
      if (check.status === 0 && check.clean.test(check.output)) {
        console.log(`✓ ${folder}: ${check.tool} reports nothing`);
      } else {
        console.error(`✗ ${folder}: ${check.tool}\n${check.output}`);
        failures++;
      }
    }
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}
console.log(`${published.length} packages checked, ${failures} problem report(s)`);
process.exit(failures === 0 ? 0 : 1);
