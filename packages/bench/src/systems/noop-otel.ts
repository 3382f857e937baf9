// OpenTelemetry SDK providers that export to nowhere: the OTel plugin's own cost, without an exporter's.
import { context, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { ExportResultCode, W3CTraceContextPropagator } from "@opentelemetry/core";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Plugin } from "@tributary/core";
import { otelPlugin } from "@tributary/otel";

/** The plugin wired to the no-op providers, and their shutdown. */
export interface NoopOtel {
  plugin: Plugin;
  shutdown(): Promise<void>;
}

const noopSpanExporter: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => {},
};

const noopMetricExporter: PushMetricExporter = {
  export: (_metrics, done) => done({ code: ExportResultCode.SUCCESS }),
  forceFlush: async () => {},
  shutdown: async () => {},
};

/**
 * A production-shaped SDK set-up (AsyncLocalStorage context, W3C propagation, batch span
 * processor, periodic metric reader) whose exporters drop everything, and the plugin on it.
 */
export async function noopOtel(): Promise<NoopOtel> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(noopSpanExporter)] });
  const meterProvider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: noopMetricExporter, exportIntervalMillis: 1_000 })],
  });
  return {
    plugin: otelPlugin({ tracerProvider, meterProvider }),
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
