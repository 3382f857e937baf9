import { tributaryVitestConfig } from "../../vitest.shared.js";

// Browser tests share one Chromium per file; files run one after another so two browsers never compete for 2 cores.
// A journey takes about a second; the long timeout is for a machine whose cores are busy with other work.
export default tributaryVitestConfig({ fileParallelism: false, testTimeout: 120_000 });
