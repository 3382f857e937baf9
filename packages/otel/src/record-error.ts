/** Marks a span failed: the error recorded as an exception event (with its stack) and status ERROR. */
import { type Span, SpanStatusCode } from "@opentelemetry/api";

/**
 * Records `err` on `span` with its stack, and sets the span's status to ERROR with `message`
 * (default: the error's own; an attempt aborted by its timeout passes the timeout's).
 */
export function recordError(span: Span, err: unknown, message?: string): void {
  if (err instanceof Error) {
    span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? err.message });
  } else {
    span.recordException(String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? String(err) });
  }
}
