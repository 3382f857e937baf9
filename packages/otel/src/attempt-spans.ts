/** The CONSUMER spans of attempts whose handler settled, kept open until the client reports their committed outcome. */
import type { Span } from "@opentelemetry/api";
import { type JobAbortReason, JobControl } from "@tributary/core";
import { type AttemptOutcome, FAILED_OUTCOMES, OUTCOMES_WITH_REASON } from "./attempt-outcome.js";
import { recordError } from "./record-error.js";
import { ATTR } from "./semantic-attributes.js";

/** How long a settled attempt's span waits for its outcome event before ending as `unknown`. */
const OUTCOME_WAIT_MS = 60_000;

interface SettledAttempt {
  span: Span;
  /** When the handler settled: the span's end time, whatever the outcome's commit latency. */
  endTime: number;
  /** What the handler threw, or the JobControl it returned (a snooze). */
  thrown?: unknown;
  returned?: unknown;
  /** Why the attempt's signal was aborted, when it was (core's workEnd hook tells). */
  abort?: JobAbortReason;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Attempt spans by job id. The middleware settles a span when its handler returns or throws;
 * core's `workEnd` hook adds why its signal aborted (timeout, cancel, stop), if it did; the
 * `workOutcome` hook, after the outcome's commit, finishes it with `tributary.job.outcome`,
 * error status (failed, discarded, cancelled by a throw), and an event with the reason for
 * snooze, cancel, discard and interrupt. The span's end time is the handler's, not the commit's.
 */
export class AttemptSpans {
  readonly #settled = new Map<string, SettledAttempt>();

  /** The handler of `jobId`'s attempt settled. */
  settle(jobId: string, span: Span, how: { thrown?: unknown; returned?: unknown; failed: boolean }): void {
    this.#settled.get(jobId)?.span.end();
    const endTime = Date.now();
    const timer = setTimeout(() => this.finish(jobId, "unknown", undefined), OUTCOME_WAIT_MS);
    timer.unref();
    this.#settled.set(jobId, { span, endTime, ...(how.failed ? { thrown: how.thrown } : { returned: how.returned }), timer });
  }

  /** `jobId`'s attempt ended with its signal aborted: the reason names the trigger, and an abort's message is the reason shown. */
  aborted(jobId: string, abort: JobAbortReason): void {
    const attempt = this.#settled.get(jobId);
    if (!attempt) return;
    attempt.abort = abort;
    attempt.span.setAttribute(ATTR.jobAbortTrigger, abort.trigger);
  }

  /** The outcome of `jobId`'s attempt was committed (or never will be: `unknown`). */
  finish(jobId: string, outcome: AttemptOutcome, eventError: unknown): void {
    const attempt = this.#settled.get(jobId);
    if (!attempt) return;
    this.#settled.delete(jobId);
    clearTimeout(attempt.timer);
    const { span } = attempt;
    span.setAttribute(ATTR.jobOutcome, outcome);
    const thrown = "thrown" in attempt ? attempt.thrown : undefined;
    if (thrown !== undefined && !(thrown instanceof JobControl) && FAILED_OUTCOMES.has(outcome)) recordError(span, thrown, attempt.abort?.message);
    // An abort's own words ("client stopping", "job cancelled") say why better than what the handler threw on it.
    if (OUTCOMES_WITH_REASON.has(outcome)) span.addEvent(outcome, { reason: reasonOf(attempt.abort ?? eventError ?? thrown ?? attempt.returned) });
    span.end(attempt.endTime);
  }
}

function reasonOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  return value === undefined ? "" : String(value);
}
