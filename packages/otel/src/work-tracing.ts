/** Work middleware: a CONSUMER span per attempt, continuing the trace of the span that inserted the job. */
import { type Context, context, ROOT_CONTEXT, SpanKind, type Tracer, trace } from "@opentelemetry/api";
import type { JobRow, Middleware } from "@tributary/core";
import type { AttemptSpans } from "./attempt-spans.js";
import type { OtelSettings } from "./otel-plugin-options.js";
import { ATTR, MESSAGING_SYSTEM } from "./semantic-attributes.js";
import { carrierGetter, carrierOf } from "./trace-context-metadata.js";

/** Called at the start of every attempt, before the handler (to time the queue wait). */
export type OnAttemptStart = (job: JobRow) => void;

/**
 * `process <queue>`: a CONSUMER span around the attempt's handler (and the worker's own
 * middleware), the handler running inside it so its spans are children. Its parent is the
 * producer's context read from the job's metadata (or, with `producerRelation: "link"`, the
 * span is a new trace linked to it). The span is settled in `spans` when the handler
 * settles and finished by the `workOutcome` hook once the outcome is committed.
 */
export function workTracing(tracer: Tracer, settings: OtelSettings, spans: AttemptSpans, onStart: OnAttemptStart): Middleware {
  return {
    name: "otel",
    async work(job, _ctx, next) {
      onStart(job);
      const producer = settings.propagator.extract(ROOT_CONTEXT, carrierOf(job.metadata), carrierGetter);
      const producerSpan = trace.getSpanContext(producer);
      const asParent = settings.producerRelation === "parent" && producerSpan !== undefined;
      const parent: Context = asParent ? producer : context.active();
      const span = tracer.startSpan(
        `process ${job.queue}`,
        {
          kind: SpanKind.CONSUMER,
          ...(!asParent && producerSpan ? { links: [{ context: producerSpan }] } : {}),
          attributes: {
            [ATTR.messagingSystem]: MESSAGING_SYSTEM,
            [ATTR.destinationName]: job.queue,
            [ATTR.operationType]: "process",
            [ATTR.operationName]: "process",
            [ATTR.messageId]: job.id,
            [ATTR.jobKind]: job.kind,
            [ATTR.jobAttempt]: job.attempt,
          },
        },
        parent,
      );
      try {
        const returned = await context.with(trace.setSpan(parent, span), next);
        spans.settle(job.id, span, { returned, failed: false });
        return returned;
      } catch (err) {
        spans.settle(job.id, span, { thrown: err, failed: true });
        throw err;
      }
    },
  };
}
