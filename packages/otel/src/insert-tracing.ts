/** Insert middleware: a PRODUCER span per inserted job, its context written into the job's metadata. */
import { type Context, context, type Link, type Span, SpanKind, type Tracer, trace } from "@opentelemetry/api";
import type { InsertResult, InsertRowView, Middleware } from "@tributary/core";
import { recordError } from "./record-error.js";
import { ATTR, MESSAGING_SYSTEM } from "./semantic-attributes.js";
import { carrierSetter, TRACE_CONTEXT_METADATA_KEY, type TraceCarrier } from "./trace-context-metadata.js";
import type { OtelSettings } from "./otel-plugin-options.js";

/** Called with an insert's results, after its statement ran (for the inserted-jobs counter). */
export type OnInserted = (results: readonly InsertResult[]) => void;

/**
 * One job: a `send <queue>` PRODUCER span, a child of the caller's active span. Many jobs
 * (`insertMany`): a `create <queue>` PRODUCER span per job and one `send` CLIENT span for
 * the statement linking to each, as the messaging conventions describe batches. Each job's
 * metadata gets its own span's context, so its worker's span continues that job's trace.
 */
export function insertTracing(tracer: Tracer, settings: OtelSettings, onInserted: OnInserted): Middleware {
  return {
    name: "otel",
    async insert(rows, next) {
      const parent = context.active();
      const single = rows.length === 1;
      const jobSpans = rows.map((row) => startJobSpan(tracer, parent, row, single ? "send" : "create"));
      rows.forEach((row, i) => {
        inject(settings, trace.setSpan(parent, jobSpans[i]!), row);
      });
      const batch = single ? undefined : startBatchSpan(tracer, parent, rows, jobSpans);
      try {
        const results = await context.with(trace.setSpan(parent, batch ?? jobSpans[0]!), next);
        results.forEach((result, i) => {
          const span = jobSpans[i];
          if (!span) return;
          span.setAttribute(ATTR.messageId, result.job.id);
          if (result.skipped) span.setAttribute(ATTR.jobDuplicate, true);
        });
        onInserted(results);
        return results;
      } catch (err) {
        for (const span of batch ? [batch, ...jobSpans] : jobSpans) recordError(span, err);
        throw err;
      } finally {
        for (const span of jobSpans) span.end();
        batch?.end();
      }
    },
  };
}

function startJobSpan(tracer: Tracer, parent: Context, row: InsertRowView, operation: "send" | "create"): Span {
  return tracer.startSpan(
    `${operation} ${row.queue}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [ATTR.messagingSystem]: MESSAGING_SYSTEM,
        [ATTR.destinationName]: row.queue,
        [ATTR.operationType]: operation,
        [ATTR.operationName]: operation,
        [ATTR.jobKind]: row.kind,
      },
    },
    parent,
  );
}

function startBatchSpan(tracer: Tracer, parent: Context, rows: readonly InsertRowView[], jobSpans: readonly Span[]): Span {
  const queues = new Set(rows.map((r) => r.queue));
  const queue = queues.size === 1 ? [...queues][0] : undefined;
  const links: Link[] = jobSpans.map((s) => ({ context: s.spanContext() }));
  return tracer.startSpan(
    queue === undefined ? "send" : `send ${queue}`,
    {
      kind: SpanKind.CLIENT,
      links,
      attributes: {
        [ATTR.messagingSystem]: MESSAGING_SYSTEM,
        ...(queue === undefined ? {} : { [ATTR.destinationName]: queue }),
        [ATTR.operationType]: "send",
        [ATTR.operationName]: "send",
        [ATTR.batchMessageCount]: rows.length,
      },
    },
    parent,
  );
}

/** Writes the span's context into the row's metadata (replacing a context copied from elsewhere). */
function inject(settings: OtelSettings, ctx: Context, row: InsertRowView): void {
  const carrier: TraceCarrier = {};
  settings.propagator.inject(ctx, carrier, carrierSetter);
  if (Object.keys(carrier).length === 0) return;
  row.metadata = { ...row.metadata, [TRACE_CONTEXT_METADATA_KEY]: carrier };
}

