import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@tributary/source"] },
  test: { testTimeout: 60_000, hookTimeout: 60_000, globalSetup: ["@tributary/test-db/global-setup"], include: ["test/**/*.test.ts"] },
});
