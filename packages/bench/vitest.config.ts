import { tributaryVitestConfig } from "../../vitest.shared.js";

// The quick runs create databases and run workers: one file at a time on a shared machine.
export default tributaryVitestConfig({ testTimeout: 180_000, fileParallelism: false });
