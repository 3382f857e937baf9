import { defineConfig } from "vitest/config";

const conditions = ["@tributary/source"];

export default defineConfig({
  // Vite 8 applies top-level resolve.conditions to the client environment only; tests run in
  // the SSR one, so workspace packages resolve to their sources only with ssr.resolve too.
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    globalSetup: ["@tributary/test-db/global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ["test/**/*.test.ts"],
  },
});
