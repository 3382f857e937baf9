/** @tributary/otel's public API: exports only, nothing defined here. */
export { INSTRUMENTATION_NAME, otelPlugin } from "./otel-plugin.js";
export { DEFAULT_QUEUE_DEPTH_EXACT_LIMIT, DEFAULT_QUEUE_DEPTH_INTERVAL_MS, type OtelPluginOptions } from "./otel-plugin-options.js";
export { ATTR, MESSAGING_SYSTEM } from "./semantic-attributes.js";
export { METRIC } from "./job-metrics.js";
export type { AttemptOutcome } from "./attempt-outcome.js";
export { TRACE_CONTEXT_METADATA_KEY } from "./trace-context-metadata.js";
