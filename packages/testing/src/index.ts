/** @tributary/testing's public API: exports only, nothing defined here. */
export type { JobExpectation } from "./job-expectation.js";
export type { JobKindRef } from "./job-kind.js";
export { type JobMark, markJobs, type ReadOptions } from "./job-mark.js";
export type { PartialDeep } from "./partial-match.js";
export { type RequireInsertedOptions, requireInserted, requireInsertedTx, requireNotInserted } from "./require-inserted.js";
export { type ExpectedJob, requireManyInserted } from "./require-many-inserted.js";
export { type WorkJobOptions, workJob } from "./work-job.js";
export type { WorkJobResult, WorkOutcome } from "@tributary/core";
