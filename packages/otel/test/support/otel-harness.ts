// An in-memory OpenTelemetry SDK for tests: spans to an array, metrics to the SDK's in-memory exporter on demand, W3C propagation.
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

/** Longer than any test: the reader exports only when `collect()` flushes it. */
const NEVER_MS = 3_600_000;

export interface OtelHarness {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  propagator: W3CTraceContextPropagator;
  spans(): ReadableSpan[];
  /** One data point's value: a counter's or gauge's value, a histogram's count. */
  metric(name: string, attributes?: Record<string, unknown>): number | undefined;
  collect(): Promise<ResourceMetrics | undefined>;
  shutdown(): Promise<void>;
}

const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);

export function otelHarness(): OtelHarness {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: NEVER_MS });
  const meterProvider = new MeterProvider({ readers: [reader] });
  let last: ResourceMetrics | undefined;
  /** Exports now; cumulative, so the latest export holds every point so far (none: undefined). */
  const collect = async () => {
    await reader.forceFlush();
    const exported = metricExporter.getMetrics();
    metricExporter.reset();
    // Nothing exported: no instrument has a data point yet.
    last = exported.at(-1);
    return last;
  };
  return {
    tracerProvider,
    meterProvider,
    propagator: new W3CTraceContextPropagator(),
    spans: () => exporter.getFinishedSpans(),
    collect,
    metric(name, attributes = {}) {
      for (const scope of last?.scopeMetrics ?? []) {
        for (const m of scope.metrics) {
          if (m.descriptor.name !== name) continue;
          for (const point of m.dataPoints) {
            if (!Object.entries(attributes).every(([k, v]) => point.attributes[k] === v)) continue;
            const value = point.value as number | { count: number };
            return typeof value === "number" ? value : value.count;
          }
        }
      }
      return undefined;
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
