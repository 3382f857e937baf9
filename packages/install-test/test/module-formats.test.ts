// CommonJS, ESM and both in one process, as users' projects are: every packed package installed with npm into a
// NestJS-style CommonJS project, an ESM project and a mixed one; each typechecks, runs an insert-and-work round
// trip on a real database, and the mixed one checks that each copy recognises the other's errors.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createIsolatedSchema, type IsolatedSchema, testDatabaseUrl } from "@tributary/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainEnv, runCommand } from "./support/run-command.js";
import { PUBLISHED, type PublishedPackage, packAll, packageName, testedVersion } from "./support/workspace-packages.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "tributary-formats-"));
let tarballs = new Map<PublishedPackage, string>();
const schemas: IsolatedSchema[] = [];
const timings: string[] = [];

/** Every specifier a user can load, the testing entry included. */
const SPECIFIERS = [...PUBLISHED.map(packageName), "@tributary/core/testing"];

/** The libraries of every driver, at the versions the workspace tests them with. */
const REGISTRY = [
  ["root", "typescript"],
  ["root", "@types/node"],
  ["driver-pg", "pg"],
  ["driver-pg", "@types/pg"],
  ["driver-postgresjs", "postgres"],
  ["driver-kysely", "kysely"],
  ["driver-drizzle", "drizzle-orm"],
  ["driver-prisma", "@prisma/client"],
] as const;

/** One kind of project: its package.json "type" and the fixture files copied into it (target name → fixture path). */
interface Project {
  name: "cjs" | "esm" | "mixed";
  type: "commonjs" | "module";
  files: Record<string, string>;
  /** Compiled files and the module syntax tsc must have emitted for @tributary/core in them. */
  emitted: Record<string, RegExp>;
}

const PROJECTS: Project[] = [
  {
    name: "cjs",
    type: "commonjs",
    files: { "app.ts": "formats/round-trip.ts", "tsconfig.json": "cjs/tsconfig.json" },
    emitted: { "out/app.js": /require\("@tributary\/core"\)/ },
  },
  {
    name: "esm",
    type: "module",
    files: { "app.ts": "formats/round-trip.ts", "tsconfig.json": "esm/tsconfig.json" },
    emitted: { "out/app.js": /^import .* from "@tributary\/core";$/m },
  },
  {
    name: "mixed",
    type: "module",
    files: { "app.ts": "mixed/app.ts", "cjs-side.cts": "mixed/cjs-side.cts", "tsconfig.json": "mixed/tsconfig.json" },
    emitted: { "out/app.js": /^import .* from "@tributary\/core";$/m, "out/cjs-side.cjs": /require\("@tributary\/core"\)/ },
  },
];

function time(label: string, ms: number): void {
  timings.push(`${label.padEnd(34)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
}

beforeAll(async () => {
  tarballs = await packAll(join(work, "tarballs"));
}, 300_000);

afterAll(async () => {
  for (const schema of schemas) await schema.drop();
  if (!process.env.KEEP_INSTALL_TEST_DIR) rmSync(work, { recursive: true, force: true });
  console.log(`module-format timings (${work}):\n${timings.join("\n")}`);
});

describe.each(PROJECTS)("a $name project with every package installed", (project) => {
  const dir = join(work, project.name);
  const run = (command: string, args: string[], env: Record<string, string> = {}) =>
    runCommand(command, args, { cwd: dir, env: plainEnv(env), timeoutMs: 180_000 });

  it("installs every tarball with npm", async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `tributary-${project.name}-app`, private: true, type: project.type }, null, 2));
    const registry = REGISTRY.map(([folder, dep]) => `${dep}@${testedVersion(folder, dep)}`);
    const install = await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...PUBLISHED.map((f) => tarballs.get(f)!), ...registry]);
    time(`npm install (${project.name})`, install.ms);
    for (const folder of PUBLISHED) {
      const installed = JSON.parse(readFileSync(join(dir, "node_modules", packageName(folder), "package.json"), "utf8")) as { version: string };
      expect(installed.version).toBe("0.1.0");
    }
  }, 300_000);

  it("type-checks and compiles with its own tsconfig, emitting its own module syntax", async () => {
    for (const [target, fixture] of Object.entries(project.files)) copyFileSync(join(fixtures, fixture), join(dir, target));
    const tsc = await run(join(dir, "node_modules/.bin/tsc"), ["-p", "."]);
    time(`tsc (${project.name})`, tsc.ms);
    for (const [file, syntax] of Object.entries(project.emitted)) expect(readFileSync(join(dir, file), "utf8")).toMatch(syntax);
  }, 150_000);

  if (project.name === "cjs") {
    it("has CommonJS .d.ts that compile on their own under module commonjs / moduleResolution node (skipLibCheck off)", async () => {
      const files = [...PUBLISHED.map((f) => `node_modules/${packageName(f)}/dist/cjs/index.d.ts`), "node_modules/@tributary/core/dist/cjs/testing/index.d.ts"];
      const compilerOptions = { module: "commonjs", moduleResolution: "node", target: "ES2021", strict: true, skipLibCheck: false, types: ["node"], noEmit: true, esModuleInterop: true };
      writeFileSync(join(dir, "tsconfig.declarations.json"), JSON.stringify({ compilerOptions, files }, null, 2));
      const tsc = await run(join(dir, "node_modules/.bin/tsc"), ["-p", "tsconfig.declarations.json"]);
      time(`tsc declarations (${project.name})`, tsc.ms);
    }, 150_000);
  }

  if (project.name === "mixed") {
    it("resolves each specifier to dist/cjs under require and dist/esm under import, with the same names exported by both", async () => {
      copyFileSync(join(fixtures, "formats/exports-parity.mjs"), join(dir, "exports-parity.mjs"));
      const { stdout } = await run(process.execPath, ["exports-parity.mjs", JSON.stringify(SPECIFIERS)]);
      const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, { require: string; import: string; sameNames?: boolean; names?: number }>;
      for (const specifier of SPECIFIERS) {
        // The subpath entry `@tributary/core/testing`, not the package `@tributary/testing`.
        const subpath = specifier === "@tributary/core/testing";
        const sub = subpath ? "testing/index.js" : "index.js";
        const name = subpath ? "@tributary/core" : specifier;
        expect(report[specifier]).toMatchObject({ require: `${name}/dist/cjs/${sub}`, import: `${name}/dist/esm/${sub}` });
        if (!subpath) expect(report[specifier]).toMatchObject({ sameNames: true, names: expect.any(Number) });
      }
    }, 60_000);
  }

  it("runs: an insert-and-work round trip on a real database", async () => {
    const schema = await createIsolatedSchema(`formats_${project.name}`);
    schemas.push(schema);
    const node = await run(process.execPath, ["out/app.js"], { DATABASE_URL: testDatabaseUrl(), APP_SCHEMA: schema.name });
    time(`node app (${project.name})`, node.ms);
    const output = JSON.parse(node.stdout.trim().split("\n").at(-1)!);
    if (project.name === "mixed") {
      expect(output).toEqual({
        // Two copies really are loaded side by side: require() took the CommonJS build, import the ESM one.
        copies: { cjs: "@tributary/core/dist/cjs/index.js", esm: "@tributary/core/dist/esm/index.js", sameClient: false },
        // Inserted by the ESM copy, worked by the CommonJS one.
        roundTrip: { state: "completed", worked: { orderId: 7 } },
        errors: { esmRecognisesCjs: true, cjsRecognisesEsm: true, esmRecognisesEsm: true, cjsRecognisesCjs: true },
      });
    } else {
      const completed = (orderId: number) => ({ state: "completed", worked: { orderId } });
      expect(output).toEqual({
        results: { pg: completed(1), postgresjs: completed(2), kysely: completed(3), drizzle: completed(4) },
        prismaDriver: "function",
        error: { recognised: true, isInvalidArgumentError: true, field: "kind" },
      });
    }
  }, 120_000);
});
