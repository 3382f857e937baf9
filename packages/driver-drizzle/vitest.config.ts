import { defineConfig } from "vitest/config";

// Vite ≥ 6 resolves test files (server side) with ssr.resolve.conditions, which replace the
// defaults; resolve.conditions only reaches the client environment.
const serverConditions = ["@tributary/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions: ["@tributary/source"] },
  ssr: { resolve: { conditions: serverConditions } },
  test: {
    globalSetup: ["@tributary/test-db/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ["test/**/*.test.ts"],
  },
});
