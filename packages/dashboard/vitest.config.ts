import { tributaryVitestConfig } from "../../vitest.shared.js";

// Browser tests share one Chromium per file; files run one after another so two browsers never compete for 2 cores.
export default tributaryVitestConfig({ fileParallelism: false, testTimeout: 60_000 });
