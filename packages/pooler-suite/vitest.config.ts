import { mergeConfig } from "vitest/config";
import { tributaryVitestConfig } from "../../vitest.shared.js";

// A private cluster and PgBouncer per file (global setup), one file at a time: the machine has 2 cores.
export default mergeConfig(tributaryVitestConfig({ globalSetup: false, fileParallelism: false, testTimeout: 120_000 }), {
  test: { globalSetup: ["test/support/pooler-setup.ts"] },
});
