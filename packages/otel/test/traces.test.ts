// The spans a user relies on: insert → PRODUCER child of the caller's span, attempt → CONSUMER child of the producer, outcomes on the span.
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { cancel, type Client, discard, InvalidArgumentError, snooze } from "@tributary/core";
import { waitFor } from "@tributary/test-db";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { otelPlugin, TRACE_CONTEXT_METADATA_KEY } from "../src/index.js";
import { type ClientFixture, clientFixture } from "./support/client-fixture.js";
import { type OtelHarness, otelHarness } from "./support/otel-harness.js";

let fx: ClientFixture;
let otel: OtelHarness;

beforeEach(async () => {
  fx = await clientFixture("otel_tr");
  otel = otelHarness();
});
afterEach(async () => {
  await fx.close();
  await otel.shutdown();
});

const plugin = (relation?: "parent" | "link") =>
  otelPlugin({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, propagator: otel.propagator, ...(relation ? { producerRelation: relation } : {}) });

function worker(config: Parameters<ClientFixture["client"]>[0]): Client<pg.PoolClient> {
  return fx.client({ plugins: [plugin()], queues: { default: { maxWorkers: 4 } }, ...config });
}

const named = (name: string) => otel.spans().filter((s) => s.name === name);
const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe("traces", () => {
  it("an insertTx inside a request span: a PRODUCER child of it, its context in metadata, the attempt a CONSUMER child of the producer", async () => {
    const client = worker({ workers: { greet: async () => {} } });
    const tracer = otel.tracerProvider.getTracer("app");
    const request = await tracer.startActiveSpan("GET /signup", { kind: SpanKind.SERVER }, async (span) => {
      const conn = await fx.pool.connect();
      try {
        await conn.query("BEGIN");
        const { job } = await client.insertTx(conn, "greet", { name: "ada" });
        await conn.query("COMMIT");
        return { span, job };
      } finally {
        conn.release();
        span.end();
      }
    });
    const [producer] = named("send default");
    expect(producer?.kind).toBe(SpanKind.PRODUCER);
    expect(producer?.spanContext().traceId).toBe(request.span.spanContext().traceId);
    expect(parentId(producer!)).toBe(request.span.spanContext().spanId);
    expect(producer?.attributes).toMatchObject({
      "messaging.system": "river",
      "messaging.destination.name": "default",
      "messaging.operation.type": "send",
      "messaging.message.id": request.job.id,
      "tributary.job.kind": "greet",
    });
    const stored = await client.getJob(request.job.id);
    const carrier = stored?.metadata[TRACE_CONTEXT_METADATA_KEY] as { traceparent: string };
    expect(carrier.traceparent).toBe(`00-${producer!.spanContext().traceId}-${producer!.spanContext().spanId}-01`);

    await client.start();
    await waitFor("the consumer span", () => named("process default").length === 1);
    const [consumer] = named("process default");
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.spanContext().traceId).toBe(producer!.spanContext().traceId);
    expect(parentId(consumer!)).toBe(producer!.spanContext().spanId);
    expect(consumer?.attributes).toMatchObject({
      "messaging.operation.type": "process",
      "messaging.message.id": request.job.id,
      "tributary.job.attempt": 1,
      "tributary.job.outcome": "completed",
    });
    expect(consumer?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it("the handler runs inside the consumer span: its own spans are children", async () => {
    const tracer = otel.tracerProvider.getTracer("app");
    const client = worker({ workers: { child: async () => tracer.startSpan("handler work").end() } });
    await client.insert("child", {});
    await client.start();
    await waitFor("both spans", () => named("process default").length === 1 && named("handler work").length === 1);
    expect(parentId(named("handler work")[0]!)).toBe(named("process default")[0]!.spanContext().spanId);
  });

  it("a failing attempt: status ERROR, the exception with its stack, outcome failed then discarded on the last attempt", async () => {
    const client = worker({ workers: { boom: async () => Promise.reject(new Error("smtp down")) } });
    await client.insert("boom", {}, { maxAttempts: 1 });
    await client.insert("boom", {}, { maxAttempts: 3 });
    await client.start();
    await waitFor("two consumer spans", () => named("process default").length === 2);
    const outcomes = named("process default").map((s) => s.attributes["tributary.job.outcome"]).sort();
    expect(outcomes).toEqual(["discarded", "failed"]);
    for (const span of named("process default")) {
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "smtp down" });
      const exception = span.events.find((e) => e.name === "exception");
      expect(exception?.attributes?.["exception.message"]).toBe("smtp down");
      expect(String(exception?.attributes?.["exception.stacktrace"])).toContain("traces.test.ts");
    }
  });

  it("snooze, cancel and discard: span events with their reason, not errors", async () => {
    const client = worker({
      workers: {
        later: async () => snooze(60_000),
        bad: async () => {
          throw discard("bad input");
        },
        stop: async () => {
          throw cancel("account closed");
        },
      },
    });
    await client.insert("later", {});
    await client.insert("stop", {});
    await client.insert("bad", {});
    await client.start();
    await waitFor("three consumer spans", () => named("process default").length === 3);
    const byKind = (kind: string) => named("process default").find((s) => s.attributes["tributary.job.kind"] === kind)!;
    expect(byKind("later").attributes["tributary.job.outcome"]).toBe("snoozed");
    expect(byKind("later").events.map((e) => [e.name, e.attributes?.reason])).toEqual([["snoozed", "snoozed for 60000 ms"]]);
    expect(byKind("stop").attributes["tributary.job.outcome"]).toBe("cancelled");
    expect(byKind("stop").events.map((e) => [e.name, e.attributes?.reason])).toEqual([["cancelled", "account closed"]]);
    expect(byKind("stop").status.code).not.toBe(SpanStatusCode.ERROR);
    expect(byKind("bad").attributes["tributary.job.outcome"]).toBe("discarded");
    expect(byKind("bad").events.map((e) => [e.name, e.attributes?.reason])).toEqual([["discarded", "bad input"]]);
  });

  it("an attempt interrupted by stop(): outcome interrupted, an event with the reason, not an error", async () => {
    const client = worker({
      workers: {
        slow: async (_job, ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted by stop")))),
      },
    });
    let started = false;
    client.on("job:started", () => {
      started = true;
    });
    await client.insert("slow", {});
    await client.start();
    await waitFor("the attempt to start", () => started);
    await client.stop({ timeout: 50 });
    await waitFor("the consumer span", () => named("process default").length === 1);
    const [span] = named("process default");
    expect(span?.attributes["tributary.job.outcome"]).toBe("interrupted");
    expect(span?.attributes["tributary.job.abort.trigger"]).toBe("stop");
    // The reason is why core aborted the signal, not what the handler threw on it.
    expect(span?.events.map((e) => [e.name, e.attributes?.reason])).toEqual([["interrupted", "client stopping"]]);
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it("an attempt past its timeout: ERROR with the timeout's message, the handler's exception, trigger timeout", async () => {
    const client = worker({
      retryPolicy: () => new Date(Date.now() + 3_600_000),
      workers: {
        slow: {
          jobTimeout: 100,
          work: async (_job, ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("gave up on abort")))),
        },
      },
    });
    await client.insert("slow", {});
    await client.start();
    await waitFor("the consumer span", () => named("process default").length === 1);
    const [span] = named("process default");
    expect(span?.attributes["tributary.job.outcome"]).toBe("failed");
    expect(span?.attributes["tributary.job.abort.trigger"]).toBe("timeout");
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: "job timed out after 100 ms" });
    expect(span?.events.find((e) => e.name === "exception")?.attributes?.["exception.message"]).toBe("gave up on abort");
  });

  it("a running attempt cancelled with cancelJob: outcome cancelled, the cancel's reason, trigger cancel", async () => {
    let started = false;
    const client = worker({
      workers: {
        long: async (_job, ctx) => {
          started = true;
          return new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("stopped working"))));
        },
      },
    });
    const { job } = await client.insert("long", {});
    await client.start();
    await waitFor("the attempt to start", () => started);
    await client.cancelJob(job.id);
    await waitFor("the consumer span", () => named("process default").length === 1);
    const [span] = named("process default");
    expect(span?.attributes["tributary.job.outcome"]).toBe("cancelled");
    expect(span?.attributes["tributary.job.abort.trigger"]).toBe("cancel");
    expect(span?.events.filter((e) => e.name === "cancelled").map((e) => e.attributes?.reason)).toEqual(["job cancelled"]);
  });

  it("insertMany: a create PRODUCER span per job (each job's parent) and one send span linking to them all", async () => {
    const client = worker({ workers: { many: async () => {} } });
    const tracer = otel.tracerProvider.getTracer("app");
    const results = await tracer.startActiveSpan("batch request", async (span) => {
      try {
        return await client.insertMany([{ kind: "many", args: { i: 1 } }, { kind: "many", args: { i: 2 } }, { kind: "many", args: { i: 3 } }]);
      } finally {
        span.end();
      }
    });
    const request = named("batch request")[0]!;
    const creates = named("create default");
    const [send] = named("send default");
    expect(creates).toHaveLength(3);
    expect(send?.kind).toBe(SpanKind.CLIENT);
    expect(send?.attributes["messaging.batch.message_count"]).toBe(3);
    expect(parentId(send!)).toBe(request.spanContext().spanId);
    expect(send?.links.map((l) => l.context.spanId).sort()).toEqual(creates.map((s) => s.spanContext().spanId).sort());
    for (const c of creates) expect(parentId(c)).toBe(request.spanContext().spanId);
    expect(creates.map((c) => c.attributes["messaging.message.id"]).sort()).toEqual(results.map((r) => r.job.id).sort());

    await client.start();
    await waitFor("three consumer spans", () => named("process default").length === 3);
    const createById = new Map(creates.map((c) => [c.attributes["messaging.message.id"], c.spanContext().spanId]));
    for (const consumer of named("process default")) expect(parentId(consumer)).toBe(createById.get(consumer.attributes["messaging.message.id"]));
  });

  it('producerRelation "link": the attempt starts its own trace, linked to the producer', async () => {
    const client = fx.client({ plugins: [plugin("link")], queues: { default: { maxWorkers: 1 } }, workers: { linked: async () => {} } });
    await otel.tracerProvider.getTracer("app").startActiveSpan("request", async (span) => {
      await client.insert("linked", {});
      span.end();
    });
    await client.start();
    await waitFor("the consumer span", () => named("process default").length === 1);
    const producer = named("send default")[0]!;
    const consumer = named("process default")[0]!;
    expect(consumer.spanContext().traceId).not.toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(consumer.links.map((l) => l.context.spanId)).toEqual([producer.spanContext().spanId]);
  });

  it("a job inserted without the plugin (or by another system) gets a consumer span of its own trace", async () => {
    const plain = fx.client({});
    await plain.insert("untraced", {});
    const client = worker({ workers: { untraced: async () => {} } });
    await client.start();
    await waitFor("the consumer span", () => named("process default").length === 1);
    expect(named("process default")[0]!.parentSpanContext).toBeUndefined();
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it("a failed insert marks its producer span ERROR", async () => {
    const client = fx.client({ schema: `${fx.schema.name}_missing`, plugins: [plugin()] });
    await expect(client.insert("never", {})).rejects.toThrow();
    const [producer] = named("send default");
    expect(producer?.status.code).toBe(SpanStatusCode.ERROR);
    expect(producer?.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("refuses bad options with an error naming the field", () => {
    expect(() => otelPlugin({ producerRelation: "sibling" as "link" })).toThrow(InvalidArgumentError);
    expect(() => otelPlugin({ queueDepthInterval: 5 })).toThrow(/queueDepthInterval/);
    expect(() => otelPlugin({ queueDepthExactLimit: 0 })).toThrow(/queueDepthExactLimit/);
  });
});
