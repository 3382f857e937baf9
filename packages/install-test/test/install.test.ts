// Installable as a user installs it: pack @tributary/core and every driver with `pnpm pack`,
// `npm install` the tarballs with the driver's library into a fresh folder outside the
// workspace, compile a small app with tsc (NodeNext) and run it with node on a real database.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createIsolatedSchema, type IsolatedSchema, testDatabaseUrl } from "@tributary/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainEnv, runCommand } from "./support/run-command.js";
import { PUBLISHED, type PublishedPackage, packAll, repoRoot, testedVersion } from "./support/workspace-packages.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "tributary-install-"));
const tarballs = new Map<PublishedPackage, string>();
const schemas: IsolatedSchema[] = [];
const timings: string[] = [];

/** One user's app: the tarballs and registry packages it installs, and what its driver is called. */
interface AppCase {
  name: "pg" | "postgresjs" | "kysely" | "drizzle" | "prisma";
  /** The driver's folder; its tarball is installed with core and the @tributary packages it depends on. */
  driver: PublishedPackage;
  registry: string[];
  driverName: string;
  /** Runs `prisma generate` after the install. */
  prismaGenerate?: boolean;
}

const typescript = `typescript@${testedVersion("root", "typescript")}`;
const typesNode = `@types/node@${testedVersion("root", "@types/node")}`;
const pgDeps = [`pg@${testedVersion("driver-pg", "pg")}`, `@types/pg@${testedVersion("driver-pg", "@types/pg")}`];

const CASES: AppCase[] = [
  { name: "pg", driver: "driver-pg", registry: pgDeps, driverName: "pg" },
  {
    name: "postgresjs",
    driver: "driver-postgresjs",
    registry: [`postgres@${testedVersion("driver-postgresjs", "postgres")}`],
    driverName: "postgresjs",
  },
  {
    name: "kysely",
    driver: "driver-kysely",
    registry: [`kysely@${testedVersion("driver-kysely", "kysely")}`, ...pgDeps],
    driverName: "kysely",
  },
  {
    name: "drizzle",
    driver: "driver-drizzle",
    registry: [`drizzle-orm@${testedVersion("driver-drizzle", "drizzle-orm")}`, ...pgDeps],
    driverName: "drizzle/node-postgres",
  },
  {
    name: "prisma",
    driver: "driver-prisma",
    registry: ["prisma", "@prisma/client", "@prisma/adapter-pg"].map((dep) => `${dep}@${testedVersion("driver-prisma", dep)}`),
    driverName: "prisma",
    prismaGenerate: true,
  },
];

function time(label: string, ms: number): void {
  timings.push(`${label.padEnd(34)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
}

beforeAll(async () => {
  const packed = await packAll(join(work, "tarballs"), (folder, build, ms) => time(`${build === "built" ? "build + pack" : "pack"} ${folder}`, ms));
  for (const [folder, tarball] of packed) tarballs.set(folder, tarball);
}, 300_000);

afterAll(async () => {
  for (const schema of schemas) await schema.drop();
  if (!process.env.KEEP_INSTALL_TEST_DIR) rmSync(work, { recursive: true, force: true });
  console.log(`install-test timings (${work}):\n${timings.join("\n")}`);
});

/** A file of a tarball, as text. */
function fromTarball(folder: PublishedPackage, file: string): string {
  return execFileSync("tar", ["-xzOf", tarballs.get(folder)!, `package/${file}`], { encoding: "utf8" });
}

describe.each(PUBLISHED)("the %s tarball", (folder) => {
  it("holds both builds (dist/esm, dist/cjs with .d.ts each), README.md, LICENSE and package.json, and no sources, tests or source maps", () => {
    const files = execFileSync("tar", ["-tzf", tarballs.get(folder)!], { encoding: "utf8" }).trim().split("\n");
    for (const file of ["package.json", "README.md", "LICENSE", "dist/esm/index.js", "dist/esm/index.d.ts", "dist/cjs/index.js", "dist/cjs/index.d.ts"]) {
      expect(files).toContain(`package/${file}`);
    }
    expect(files.filter((f) => /^package\/(src|test)\//.test(f) || /\.test\.[cm]?[jt]s$/.test(f))).toEqual([]);
    // Maps would point at src/*.ts, which is not shipped: stack traces and go-to-definition would name missing files.
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => !/^package\/(dist\/(esm|cjs)\/.+|README\.md|package\.json|LICENSE)$/.test(f))).toEqual([]);
    // The CommonJS build is CommonJS to Node and to TypeScript only under a package.json that says so.
    expect(JSON.parse(fromTarball(folder, "dist/cjs/package.json"))).toEqual({ type: "commonjs" });
    expect(fromTarball(folder, "LICENSE")).toBe(readFileSync(join(repoRoot, "LICENSE"), "utf8"));
  });

  it("has a manifest a registry user can follow: repository, homepage, bugs, engines, ranges and no workspace: ranges", () => {
    const text = fromTarball(folder, "package.json");
    expect(text).not.toContain("workspace:");
    const manifest = JSON.parse(text) as Record<string, unknown> & { dependencies?: Record<string, string>; repository?: { url?: string; directory?: string } };
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\//);
    expect(manifest.repository?.directory).toBe(`packages/${folder}`);
    expect(manifest.homepage).toEqual(expect.stringMatching(/^https:\/\//));
    expect(manifest.bugs).toEqual({ url: expect.stringMatching(/^https:\/\//) });
    expect(manifest.license).toBe("MIT");
    expect(manifest.engines).toEqual({ node: expect.stringMatching(/\d/) });
    // An exact pin in a library forces a second copy on every app that has another version.
    const exact = Object.entries(manifest.dependencies ?? {}).filter(([, range]) => /^\d/.test(range));
    expect(exact).toEqual([]);
  });
});

/** `folder` and the @tributary packages it depends on, transitively (none is on the registry yet). */
function withTributaryDependencies(folder: PublishedPackage, seen = new Set<PublishedPackage>()): PublishedPackage[] {
  if (seen.has(folder)) return [];
  seen.add(folder);
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarballs.get(folder)!, "package/package.json"], { encoding: "utf8" })) as {
    dependencies?: Record<string, string>;
  };
  const deps = Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith("@tributary/"))
    .map((name) => name.slice("@tributary/".length) as PublishedPackage);
  return [folder, ...deps.flatMap((dep) => withTributaryDependencies(dep, seen))];
}

describe.each(CASES)("an app on $name, installed with npm", (app) => {
  const dir = join(work, `app-${app.name}`);
  let packages: PublishedPackage[] = [];

  it("installs the tarballs with the library", async () => {
    rmSync(dir, { recursive: true, force: true });
    execFileSync("mkdir", ["-p", dir]);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `tributary-app-${app.name}`, private: true, type: "module" }, null, 2));
    packages = withTributaryDependencies(app.driver);
    expect(packages).toContain("core");
    const specs = [...packages.map((t) => tarballs.get(t)!), ...app.registry, typescript, typesNode];
    const install = await runCommand("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...specs], {
      cwd: dir,
      env: plainEnv(),
      timeoutMs: 180_000,
    });
    time(`npm install (${app.name})`, install.ms);
    // What got installed is the packed code, not a namesake from the registry.
    for (const t of packages) {
      const name = t === "core" ? "@tributary/core" : `@tributary/${t}`;
      const installed = JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")) as { version: string };
      expect(installed.version).toBe("0.1.0");
    }
    if (app.prismaGenerate) {
      for (const file of ["schema.prisma", "prisma.config.ts"]) copyFileSync(join(fixtures, app.name, file), join(dir, file));
      const generate = await runCommand(join(dir, "node_modules/.bin/prisma"), ["generate"], {
        cwd: dir,
        env: plainEnv({ PRISMA_SCHEMA_ENGINE_BINARY: process.execPath }),
        timeoutMs: 120_000,
      });
      time(`prisma generate (${app.name})`, generate.ms);
    }
  }, 300_000);

  it("has .d.ts files that compile on their own (tsc, NodeNext, skipLibCheck off)", async () => {
    // The declarations a user's editor and tsc read, checked in full: an import of a module the
    // package does not depend on, or an error inside them, fails here.
    const files = packages.map((t) => `node_modules/@tributary/${t}/dist/esm/index.d.ts`);
    const compilerOptions = {
      target: "ES2022",
      lib: ["ES2023"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: false,
      types: ["node"],
      noEmit: true,
    };
    writeFileSync(join(dir, "tsconfig.declarations.json"), JSON.stringify({ compilerOptions, files }, null, 2));
    const tsc = await runCommand(join(dir, "node_modules/.bin/tsc"), ["-p", "tsconfig.declarations.json"], {
      cwd: dir,
      env: plainEnv(),
      timeoutMs: 120_000,
    });
    time(`tsc declarations (${app.name})`, tsc.ms);
  }, 150_000);

  it("type-checks and compiles app.ts (tsc, NodeNext): insertTx takes the library's transaction", async () => {
    // skipLibCheck as most apps set it: drizzle-orm's own .d.ts do not compile without it.
    copyFileSync(join(fixtures, app.name, "app.ts"), join(dir, "app.ts"));
    copyFileSync(join(fixtures, "tsconfig.json"), join(dir, "tsconfig.json"));
    const tsc = await runCommand(join(dir, "node_modules/.bin/tsc"), ["-p", "."], { cwd: dir, env: plainEnv(), timeoutMs: 120_000 });
    time(`tsc app.ts (${app.name})`, tsc.ms);
  }, 150_000);

  it("runs: migrate, insertTx in a committed and a rolled-back transaction, the job read back", async () => {
    const schema = await createIsolatedSchema(`install_${app.name}`);
    schemas.push(schema);
    const run = await runCommand(process.execPath, ["out/app.js"], {
      cwd: dir,
      env: plainEnv({ DATABASE_URL: testDatabaseUrl(), APP_SCHEMA: schema.name }),
      timeoutMs: 60_000,
    });
    time(`node app.js (${app.name})`, run.ms);
    expect(JSON.parse(run.stdout.trim().split("\n").at(-1)!)).toEqual({
      driver: app.driverName,
      orders: 1,
      jobs: [{ kind: "send_receipt", state: "available", args: { orderId: 1 } }],
      readBack: { orderId: 1 },
    });
  }, 90_000);
});
