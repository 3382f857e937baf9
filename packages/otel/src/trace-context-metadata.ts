/** Where a job carries its producer's trace context: a W3C carrier under one documented metadata key. */
import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api";

/**
 * The job metadata key holding the trace context of the span that inserted the job:
 * `metadata.otel = { traceparent: "00-…", tracestate?: "…" }` (whatever fields the
 * propagator writes; W3C Trace Context by default).
 */
export const TRACE_CONTEXT_METADATA_KEY = "otel";

/** A propagation carrier: header-like string fields. */
export type TraceCarrier = Record<string, string>;

export const carrierSetter: TextMapSetter<TraceCarrier> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

export const carrierGetter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === "string" ? value : undefined;
  },
};

/** The carrier a job's metadata holds, or an empty one when absent or not an object of strings. */
export function carrierOf(metadata: Readonly<Record<string, unknown>>): TraceCarrier {
  const value = metadata[TRACE_CONTEXT_METADATA_KEY];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const carrier: TraceCarrier = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") carrier[k] = v;
  return carrier;
}
