// Runs @tributary/otel's own test files with its @opentelemetry imports swapped for this package's SDK 3.x line and api 1.10.
import { tributaryVitestConfig } from "../../vitest.shared.js";
import { SDK3_PATHS } from "./sdk3-packages.mjs";

// As in packages/otel: without the shared "module" condition Node, not a bundler, loads @opentelemetry's builds.
const conditions = ["@tributary/source", "node", "development|production"];
const config = tributaryVitestConfig({ include: ["../otel/test/**/*.test.ts", "test/**/*.test.ts"] });
const alias = Object.entries(SDK3_PATHS).map(([name, path]) => ({ find: new RegExp(`^${name}$`), replacement: path }));

export default {
  ...config,
  resolve: { ...config.resolve, conditions, alias },
  ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } },
  test: { ...config.test, setupFiles: ["./test/support/preload-sdk3-in-child-processes.ts"] },
};
