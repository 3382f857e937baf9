// vitest globalSetup: builds @tributary/cli (and core / driver-pg / dashboard, which it loads from dist) when a source is newer than its dist.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packages = fileURLToPath(new URL("../../../", import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  for (const folder of ["core", "driver-pg", "dashboard", "cli"]) {
    const dir = join(packages, folder);
    // The build writes dist/cjs/package.json last.
    const marker = join(dir, "dist", "cjs", "package.json");
    if (existsSync(marker) && statSync(marker).mtimeMs >= newestMtime(join(dir, "src"))) continue;
    execFileSync("pnpm", ["run", "build"], { cwd: dir, stdio: "inherit" });
  }
}
