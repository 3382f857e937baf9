import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./run-command.js";

/** The repository root. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** The published packages, by folder under packages/. */
export const PUBLISHED = ["core", "driver-pg", "driver-postgresjs", "driver-kysely", "driver-drizzle", "driver-prisma", "otel", "testing", "dashboard", "cli"] as const;
export type PublishedPackage = (typeof PUBLISHED)[number];

function packageDir(folder: PublishedPackage): string {
  return join(repoRoot, "packages", folder);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the package when its dist is missing or older than a source file. Under `pnpm test`
 * turbo's `^build` has built it already (the packages are devDependencies of this one); this
 * covers a direct `vitest run` after editing a package.
 */
export async function ensureBuilt(folder: PublishedPackage): Promise<"built" | "fresh"> {
  const dir = packageDir(folder);
  // The build writes dist/cjs/package.json last.
  const entry = join(dir, "dist", "cjs", "package.json");
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(dir, "src"))) return "fresh";
  await runCommand("pnpm", ["run", "build"], { cwd: dir, timeoutMs: 120_000 });
  return "built";
}

/** `pnpm pack` into `destination` (pnpm turns `workspace:` ranges into versions); returns the tarball's path. */
export async function pack(folder: PublishedPackage, destination: string): Promise<string> {
  const { stdout } = await runCommand("pnpm", ["pack", "--pack-destination", destination], {
    cwd: packageDir(folder),
    timeoutMs: 60_000,
  });
  const tarball = stdout
    .trim()
    .split("\n")
    .map((line) => line.trim())
    .reverse()
    .find((line) => line.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack printed no tarball path for ${folder}:\n${stdout}`);
  return tarball;
}

/** The version of `dependency` the workspace tests `folder` with (the one installed there; "root" for the root's). */
export function testedVersion(folder: PublishedPackage | "root", dependency: string): string {
  const dir = folder === "root" ? repoRoot : packageDir(folder);
  const manifest = join(dir, "node_modules", dependency, "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** Builds (when stale) and packs every published package into `destination`; returns each tarball's path. */
export async function packAll(destination: string, onPacked?: (folder: PublishedPackage, build: "built" | "fresh", ms: number) => void): Promise<Map<PublishedPackage, string>> {
  const tarballs = new Map<PublishedPackage, string>();
  for (const folder of PUBLISHED) {
    const started = Date.now();
    const build = await ensureBuilt(folder);
    tarballs.set(folder, await pack(folder, destination));
    onPacked?.(folder, build, Date.now() - started);
  }
  return tarballs;
}

/** The npm package name of a published package's folder. */
export function packageName(folder: PublishedPackage): string {
  return `@tributary/${folder}`;
}
