import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@tributary/source"] },
  test: {
    globalSetup: ["@tributary/test-db/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ["test/**/*.test.ts"],
  },
});
