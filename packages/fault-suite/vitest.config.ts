import { mergeConfig } from "vitest/config";
import { tributaryVitestConfig } from "../../vitest.shared.js";

// Private clusters only (no shared database), one scenario at a time: the machine has 2 cores.
export default mergeConfig(tributaryVitestConfig({ globalSetup: false, fileParallelism: false, testTimeout: 150_000 }), {
  test: { globalSetup: ["test/support/table-setup.ts"] },
});
