/** What a helper expects of a job besides its kind (args, queue, priority, state, …), and how a stored job differs from it. */
import type { JobRow, JobState } from "@tributary/core";
import { type Difference, differences, type PartialDeep, show } from "./partial-match.js";

/**
 * The fields a job must have, each optional. `args` and `metadata` match partially and deeply
 * (see {@link PartialDeep}); the other fields must be equal (`tags` in order, `scheduledAt`
 * to the millisecond).
 */
export interface JobExpectation<TArgs extends object = Record<string, unknown>> {
  args?: PartialDeep<TArgs>;
  queue?: string;
  priority?: number;
  state?: JobState;
  maxAttempts?: number;
  tags?: readonly string[];
  metadata?: PartialDeep<Record<string, unknown>>;
  scheduledAt?: Date;
}

const FIELDS = ["args", "queue", "priority", "state", "maxAttempts", "tags", "metadata", "scheduledAt"] as const;

/** The expectation's own fields, taken from an options object that may carry others (`tx`, `since`, `job`). */
export function expectationOf<TArgs extends object>(opts: JobExpectation<TArgs> | undefined): JobExpectation<TArgs> {
  const picked: Record<string, unknown> = {};
  for (const field of FIELDS) if (opts?.[field] !== undefined) picked[field] = opts[field];
  return picked as JobExpectation<TArgs>;
}

/** How `job` differs from `expected` (empty: it matches). */
export function jobDifferences(job: JobRow<unknown>, expected: JobExpectation<object>): Difference[] {
  return FIELDS.flatMap((field) => (expected[field] === undefined ? [] : differences(expected[field], job[field], field)));
}

/** The expectation as a message shows it: `"send_email" job with { args: { to: 'a' } }`. */
export function describeExpected(kind: string, expected: JobExpectation<object>): string {
  return Object.keys(expected).length === 0 ? `a "${kind}" job` : `a "${kind}" job with ${show(expected)}`;
}

/** The expected fields of `job`, for the `actual` side of an AssertionError (what a test runner diffs). */
export function projection(job: JobRow<unknown>, expected: JobExpectation<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: job.id };
  for (const field of FIELDS) if (expected[field] !== undefined) out[field] = job[field];
  return out;
}
