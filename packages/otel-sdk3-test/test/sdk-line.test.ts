// Proves this package tests what it says: Node 24, the SDK 3.x line, and @opentelemetry/api 1.10 under @tributary/otel's tests.
import { SDK_INFO } from "@opentelemetry/core";
import { expect, it } from "vitest";
import { otelHarness } from "../../otel/test/support/otel-harness.js";

it("runs on Node 24", () => {
  expect(Number(process.versions.node.split(".")[0])).toBe(24);
});

it("the otel tests' SDK is the 3.x line and their api 1.10", async () => {
  expect(SDK_INFO["telemetry.sdk.version"]).toMatch(/^3\./);
  const otel = otelHarness(); // imports @opentelemetry/api, the SDK and registers the global context manager
  try {
    const api = (globalThis as Record<symbol, { version?: string } | undefined>)[Symbol.for("opentelemetry.js.api.1")];
    expect(api?.version).toMatch(/^1\.10\./);
    const tracer = otel.tracerProvider.getTracer("check");
    tracer.startSpan("one").end();
    expect(otel.spans()[0]?.resource.attributes["telemetry.sdk.version"]).toBe(SDK_INFO["telemetry.sdk.version"]);
  } finally {
    await otel.shutdown();
  }
});
