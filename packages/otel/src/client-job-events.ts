/** Follows each client's committed job events (once per client): they finish attempt spans and feed the outcome metrics. */
import type { Client, JobEvent } from "@tributary/core";
import { OUTCOME_EVENTS, type OutcomeEventName } from "./attempt-outcome.js";
import type { AttemptSpans } from "./attempt-spans.js";
import type { JobMetrics } from "./job-metrics.js";

/** The part of a Client this package uses: its public events. */
export type ObservedClient = Pick<Client, "on">;

/** True when `value` is a client whose events can be followed. */
export function isObservableClient(value: unknown): value is ObservedClient {
  return typeof value === "object" && value !== null && typeof (value as { on?: unknown }).on === "function";
}

/**
 * Subscribes to a client's outcome events the first time one of its attempts starts, so
 * the outcome of that attempt (emitted after its commit) is never missed.
 */
export class ClientJobEvents {
  readonly #followed = new WeakSet<object>();
  readonly #spans: AttemptSpans;
  readonly #metrics: JobMetrics;

  constructor(spans: AttemptSpans, metrics: JobMetrics) {
    this.#spans = spans;
    this.#metrics = metrics;
  }

  follow(client: unknown): void {
    if (!isObservableClient(client) || this.#followed.has(client)) return;
    this.#followed.add(client);
    for (const [name, outcome] of Object.entries(OUTCOME_EVENTS) as [OutcomeEventName, (typeof OUTCOME_EVENTS)[OutcomeEventName]][]) {
      client.on(name, (event: JobEvent) => {
        this.#spans.finish(event.job.id, outcome, event.error);
        this.#metrics.attemptEnded(event.job, outcome, event.durationMs);
      });
    }
  }
}
