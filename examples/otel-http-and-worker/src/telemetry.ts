// The example's OpenTelemetry setup: a tracer provider whose spans go to the console (or, with SPANS_FILE, to a JSON-lines file).
import { appendFileSync } from "node:fs";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { type ExportResult, ExportResultCode, W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, ConsoleSpanExporter, type ReadableSpan, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";

/** Writes each span as one JSON line: what a test (or `jq`) reads back from another process. */
class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly path: string) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const s of spans) {
      const line = {
        service: s.resource.attributes["service.name"],
        sdkVersion: s.resource.attributes["telemetry.sdk.version"],
        name: s.name,
        kind: s.kind,
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        status: s.status,
        attributes: s.attributes,
        events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
        links: s.links.map((l) => l.context.spanId),
      };
      appendFileSync(this.path, `${JSON.stringify(line)}\n`);
    }
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

/** Registers the global tracer provider, context manager and W3C propagator; returns the provider to shut down on exit. */
export function startTelemetry(): BasicTracerProvider {
  const file = process.env.SPANS_FILE;
  const exporter = file ? new JsonLinesSpanExporter(file) : new ConsoleSpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return provider;
}
