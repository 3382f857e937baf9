/** The outcome of an attempt as the client committed it, named from its job event. */
import type { JobEventName } from "@tributary/core";

/** `tributary.job.outcome` values. `unknown`: no outcome event arrived (the outcome was never written). */
export type AttemptOutcome = "completed" | "failed" | "discarded" | "cancelled" | "snoozed" | "interrupted" | "stale" | "unknown";

/** The job events that end an attempt, each with the outcome it reports. */
export const OUTCOME_EVENTS = {
  "job:completed": "completed",
  "job:failed": "failed",
  "job:discarded": "discarded",
  "job:cancelled": "cancelled",
  "job:snoozed": "snoozed",
  "job:interrupted": "interrupted",
  "job:stale": "stale",
} as const satisfies Partial<Record<JobEventName, AttemptOutcome>>;

export type OutcomeEventName = keyof typeof OUTCOME_EVENTS;

/** Outcomes recorded on the span as an event carrying their reason. */
export const OUTCOMES_WITH_REASON: ReadonlySet<AttemptOutcome> = new Set(["snoozed", "cancelled", "discarded", "interrupted"]);

/** Outcomes that mark the attempt's span ERROR when the handler threw. */
export const FAILED_OUTCOMES: ReadonlySet<AttemptOutcome> = new Set(["failed", "discarded", "cancelled"]);
