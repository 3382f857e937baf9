import { defineConfig } from "vitest/config";

// Vitest runs tests in Vite's server (SSR) environment, which reads ssr.resolve.conditions.
const conditions = ["@tributary/source"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    globalSetup: ["@tributary/test-db/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ["test/**/*.test.ts"],
  },
});
