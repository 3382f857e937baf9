/** Marks a span failed: the error recorded as an exception event (with its stack) and status ERROR. */
import { type Span, SpanStatusCode } from "@opentelemetry/api";

/** Records `err` on `span` with its stack, and sets the span's status to ERROR with its message. */
export function recordError(span: Span, err: unknown): void {
  if (err instanceof Error) {
    span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  } else {
    span.recordException(String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
  }
}
