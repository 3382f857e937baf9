import { tributaryVitestConfig } from "../../vitest.shared.js";

// These tests start private clusters of their own: no shared database for the run.
export default tributaryVitestConfig({ globalSetup: false, testTimeout: 120_000 });
