// The driver conformance suite, exported as @tributary/core/testing for driver packages' tests.
export type { ConformanceFixture, ConformanceTarget, PoolStats } from "./conformance-target.js";
export type { ConformanceContext } from "./conformance-context.js";
export { type ConformanceOptions, runDriverConformance } from "./run-driver-conformance.js";
