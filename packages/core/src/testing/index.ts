export type { ConformanceFixture, ConformanceTarget } from "./conformance-target.js";
export { type ConformanceOptions, runDriverConformance } from "./run-driver-conformance.js";
