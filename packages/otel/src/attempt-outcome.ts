/** The outcome of an attempt as the client committed it (core's `workOutcome` hook), and how each shows on the span. */
import type { AttemptOutcome as CommittedOutcome } from "@tributary/core";

/** `tributary.job.outcome` values: core's committed outcomes, and `unknown` when none arrived (the outcome was never written). */
export type AttemptOutcome = CommittedOutcome | "unknown";

/** Outcomes recorded on the span as an event carrying their reason. */
export const OUTCOMES_WITH_REASON: ReadonlySet<AttemptOutcome> = new Set(["snoozed", "cancelled", "discarded", "interrupted"]);

/** Outcomes that mark the attempt's span ERROR when the handler threw. */
export const FAILED_OUTCOMES: ReadonlySet<AttemptOutcome> = new Set(["failed", "discarded", "cancelled"]);
