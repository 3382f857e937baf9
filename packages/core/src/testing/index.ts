export type { ConformanceFixture, ConformanceTarget } from "./conformance-target.js";
