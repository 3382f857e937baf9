/** The metric instruments of jobs: inserted and outcome counters, work duration and queue wait histograms. */
import type { Attributes, Counter, Histogram, Meter } from "@opentelemetry/api";
import type { InsertResult, JobRow } from "@tributary/core";
import type { AttemptOutcome } from "./attempt-outcome.js";
import { ATTR, MESSAGING_SYSTEM } from "./semantic-attributes.js";

/** The metric names, as dashboards and alerts use them. */
export const METRIC = {
  inserted: "tributary.job.inserted",
  completed: "tributary.job.completed",
  failed: "tributary.job.failed",
  discarded: "tributary.job.discarded",
  cancelled: "tributary.job.cancelled",
  workDuration: "tributary.job.work.duration",
  queueWait: "tributary.job.queue.wait",
  queueDepth: "tributary.queue.depth",
} as const;

/** Outcomes that have a counter of their own. */
type CountedOutcome = "completed" | "failed" | "discarded" | "cancelled";

/** Counters and histograms, recorded with the job's queue and kind as attributes. */
export class JobMetrics {
  readonly #inserted: Counter;
  readonly #outcomes: Record<CountedOutcome, Counter>;
  readonly #workDuration: Histogram;
  readonly #queueWait: Histogram;

  constructor(meter: Meter) {
    const counter = (name: string, description: string) => meter.createCounter(name, { description, unit: "{job}" });
    this.#inserted = counter(METRIC.inserted, "Jobs inserted (a unique job skipped as a duplicate is not counted)");
    this.#outcomes = {
      completed: counter(METRIC.completed, "Attempts that completed their job"),
      failed: counter(METRIC.failed, "Attempts that failed, the job to be retried"),
      discarded: counter(METRIC.discarded, "Jobs discarded: attempts exhausted, or discard() thrown"),
      cancelled: counter(METRIC.cancelled, "Jobs cancelled while running: cancel() thrown, or cancelled from elsewhere"),
    };
    this.#workDuration = meter.createHistogram(METRIC.workDuration, { description: "Wall time of an attempt, by outcome", unit: "s" });
    this.#queueWait = meter.createHistogram(METRIC.queueWait, {
      description: "Time from a job's scheduled time (when it became due) to the start of its attempt",
      unit: "s",
    });
  }

  /** Counts the jobs an insert wrote (not the duplicates it skipped). */
  inserted(results: readonly InsertResult[]): void {
    for (const { job, skipped } of results) if (!skipped) this.#inserted.add(1, jobAttributes(job));
  }

  /** Counts an attempt's committed outcome and records its duration. */
  attemptEnded(job: JobRow, outcome: AttemptOutcome, durationMs: number): void {
    const attributes = jobAttributes(job);
    if (outcome === "completed" || outcome === "failed" || outcome === "discarded" || outcome === "cancelled") this.#outcomes[outcome].add(1, attributes);
    this.#workDuration.record(durationMs / 1000, { ...attributes, [ATTR.jobOutcome]: outcome });
  }

  /** Records how long the job waited between becoming due and this attempt's start. */
  attemptStarted(job: JobRow): void {
    const started = job.attemptedAt ?? new Date();
    this.#queueWait.record(Math.max(0, started.getTime() - job.scheduledAt.getTime()) / 1000, jobAttributes(job));
  }
}

function jobAttributes(job: JobRow): Attributes {
  return { [ATTR.messagingSystem]: MESSAGING_SYSTEM, [ATTR.destinationName]: job.queue, [ATTR.jobKind]: job.kind };
}
