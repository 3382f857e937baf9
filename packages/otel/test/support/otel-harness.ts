// An in-memory OpenTelemetry SDK for tests: spans to an array, metrics read on demand, W3C propagation.
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { AggregationTemporality, MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

/** A metric reader that collects only when asked. */
class OnDemandReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface OtelHarness {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  propagator: W3CTraceContextPropagator;
  spans(): ReadableSpan[];
  /** One data point's value: a counter's or gauge's value, a histogram's count. */
  metric(name: string, attributes?: Record<string, unknown>): number | undefined;
  collect(): Promise<ResourceMetrics>;
  shutdown(): Promise<void>;
}

const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);

export function otelHarness(): OtelHarness {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  let last: ResourceMetrics | undefined;
  const collect = async () => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    last = resourceMetrics;
    return resourceMetrics;
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
