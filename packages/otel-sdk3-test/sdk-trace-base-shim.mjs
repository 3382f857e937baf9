// @opentelemetry/sdk-trace-base's SDK 2.x names over the 3.x line, so @tributary/otel's SDK-2-style harness and example run unchanged on SDK 3.
// 3.x ships the package as @opentelemetry/sdk-trace, renames BasicTracerProvider to TracerProvider, and
// gives the span processors an options object (`{ exporter }`) instead of the exporter. Nothing else is adapted.
import { BatchSpanProcessor as Batch3, SimpleSpanProcessor as Simple3, TracerProvider } from "@opentelemetry/sdk-trace";

export * from "@opentelemetry/sdk-trace";
export { TracerProvider as BasicTracerProvider };

export class SimpleSpanProcessor extends Simple3 {
  constructor(exporter) {
    super({ exporter });
  }
}

export class BatchSpanProcessor extends Batch3 {
  constructor(exporter, options) {
    super({ ...options, exporter });
  }
}
