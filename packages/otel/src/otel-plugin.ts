/** `otelPlugin()`: traces and metrics for a Tributary client, built only on core's public extension seam. */
import { diag } from "@opentelemetry/api";
import type { Client, Plugin } from "@tributary/core";
import { AttemptSpans } from "./attempt-spans.js";
import { insertTracing } from "./insert-tracing.js";
import { JobMetrics } from "./job-metrics.js";
import { type OtelPluginOptions, resolveOtelSettings } from "./otel-plugin-options.js";
import { QueueDepthGauge } from "./queue-depth-gauge.js";
import { workTracing } from "./work-tracing.js";

/** The instrumentation scope name of this package's tracer and meter. */
export const INSTRUMENTATION_NAME = "@tributary/otel";

/**
 * OpenTelemetry for a client: a PRODUCER span per inserted job (a child of the caller's
 * active span), its context carried in the job's metadata (`metadata.otel`) to a CONSUMER
 * span per attempt in whichever process works it, and the job and queue metrics. Install
 * the same plugin on the inserting and the working clients.
 *
 * @example
 * import { otelPlugin } from "@tributary/otel";
 * const client = new Client({ driver: pgDriver(pool), plugins: [otelPlugin()], queues: { default: { maxWorkers: 10 } }, workers });
 * // in an HTTP handler's span: the job's `send default` span is its child, the worker's `process default` span the job's.
 * await client.insertTx(tx, "send_email", { to });
 */
export function otelPlugin(options?: OtelPluginOptions): Plugin<Client> {
  const settings = resolveOtelSettings(options);
  const tracer = settings.tracerProvider.getTracer(INSTRUMENTATION_NAME);
  const meter = settings.meterProvider.getMeter(INSTRUMENTATION_NAME);
  const metrics = new JobMetrics(meter);
  const spans = new AttemptSpans();
  const depth = new QueueDepthGauge(meter, settings.queueDepthInterval, settings.queueDepthExactLimit, (err) => diag.warn("@tributary/otel: counting queue depth failed", err));
  const insert = insertTracing(tracer, settings, (results) => metrics.inserted(results));
  const work = workTracing(tracer, settings, spans, (job) => metrics.attemptStarted(job));
  return {
    name: "otel",
    middleware: [{ name: "otel", insert: insert.insert!, work: work.work! }],
    hooks: {
      // Every starting client: its queue depth is counted whenever it leads.
      clientStart: ({ client }) => depth.follow(client),
      workEnd: ({ job, abort }) => {
        if (abort) spans.aborted(job.id, abort);
      },
      // After the commit: the span and the counters state what the database holds.
      workOutcome: ({ job, outcome, durationMs, error }) => {
        spans.finish(job.id, outcome, error);
        metrics.attemptEnded(job, outcome, durationMs);
      },
    },
  };
}
