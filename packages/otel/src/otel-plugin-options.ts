/** What `otelPlugin` accepts, and the same options resolved to providers once. */
import { type MeterProvider, metrics, propagation, type TextMapPropagator, type TracerProvider, trace } from "@opentelemetry/api";
import { InvalidArgumentError } from "@tributary/core";

/** Options of `otelPlugin`. Every field is optional: the global providers and propagator by default. */
export interface OtelPluginOptions {
  /** Where spans go. Default: the global tracer provider (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global meter provider (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /**
   * Writes the inserting span's context into each job's metadata and reads it back in the
   * worker. Default: the global propagator (`propagation`), W3C Trace Context once an SDK
   * is registered.
   */
  propagator?: TextMapPropagator;
  /**
   * How an attempt's CONSUMER span relates to the PRODUCER span that inserted the job:
   * `"parent"` (default: one trace from the request to the worker) or `"link"` (the attempt
   * starts its own trace, linked to the producer; for long-delayed or fan-out jobs).
   */
  producerRelation?: "parent" | "link";
  /** How often the leader counts jobs by queue and state for `tributary.queue.depth`, in ms. Default 15,000. */
  queueDepthInterval?: number;
  /**
   * Up to how many waiting and running jobs `tributary.queue.depth` is an exact count. Once
   * the last count was larger, the next is an estimate from a random sample of the table's
   * pages sized so it reads about as much as an exact count of this many jobs. Default 1,000,000.
   */
  queueDepthExactLimit?: number;
}

/** The options with every default filled. */
export interface OtelSettings {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  propagator: Pick<TextMapPropagator, "inject" | "extract">;
  producerRelation: "parent" | "link";
  queueDepthInterval: number;
  queueDepthExactLimit: number;
}

/** The default `queueDepthInterval`: one count statement per 15 s. */
export const DEFAULT_QUEUE_DEPTH_INTERVAL_MS = 15_000;

/** The default `queueDepthExactLimit`: exact counts up to a million waiting and running jobs. */
export const DEFAULT_QUEUE_DEPTH_EXACT_LIMIT = 1_000_000;

/** Validates `options` (InvalidArgumentError naming the field) and fills the defaults. */
export function resolveOtelSettings(options: OtelPluginOptions = {}): OtelSettings {
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError("options", "must be an object");
  const relation = options.producerRelation ?? "parent";
  if (relation !== "parent" && relation !== "link") throw new InvalidArgumentError("producerRelation", `must be "parent" or "link", got ${String(relation)}`);
  const interval = options.queueDepthInterval ?? DEFAULT_QUEUE_DEPTH_INTERVAL_MS;
  if (!Number.isInteger(interval) || interval < 100) throw new InvalidArgumentError("queueDepthInterval", `must be an integer of at least 100 ms, got ${String(interval)}`);
  const exactLimit = options.queueDepthExactLimit ?? DEFAULT_QUEUE_DEPTH_EXACT_LIMIT;
  if (!Number.isInteger(exactLimit) || exactLimit < 1) throw new InvalidArgumentError("queueDepthExactLimit", `must be a positive integer, got ${String(exactLimit)}`);
  return {
    tracerProvider: options.tracerProvider ?? trace.getTracerProvider(),
    meterProvider: options.meterProvider ?? metrics.getMeterProvider(),
    propagator: options.propagator ?? propagation,
    producerRelation: relation,
    queueDepthInterval: interval,
    queueDepthExactLimit: exactLimit,
  };
}
