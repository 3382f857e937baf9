import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@tributary/source"] },
  test: {
    globalSetup: ["@tributary/test-db/global-setup"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    include: ["test/**/*.test.ts"],
    // The quick runs create databases and run workers: one file at a time on a shared machine.
    fileParallelism: false,
  },
});
