// The metrics an on-call engineer reads, asserted through the SDK's reader: counters, histograms, the leader's queue-depth gauge.
import { discard, type Executor } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import type pg from "pg";
import { waitFor } from "@tributary/test-db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { METRIC, otelPlugin } from "../src/index.js";
import { type ClientFixture, clientFixture } from "./support/client-fixture.js";
import { type OtelHarness, otelHarness } from "./support/otel-harness.js";

let fx: ClientFixture;
let otel: OtelHarness;

beforeEach(async () => {
  fx = await clientFixture("otel_me");
  otel = otelHarness();
});
afterEach(async () => {
  await fx.close();
  await otel.shutdown();
});

const plugin = (queueDepthInterval?: number) =>
  otelPlugin({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, propagator: otel.propagator, ...(queueDepthInterval ? { queueDepthInterval } : {}) });

const at = (kind: string, queue = "default") => ({ "messaging.destination.name": queue, "tributary.job.kind": kind, "messaging.system": "river" });

describe("metrics", () => {
  it("counts inserted jobs (not skipped duplicates) and each committed outcome, by queue and kind", async () => {
    let failures = 0;
    const client = fx.client({
      plugins: [plugin()],
      queues: { default: { maxWorkers: 4 } },
      workers: {
        ok: async () => {},
        flaky: async () => {
          failures += 1;
          throw new Error("flaky");
        },
        bad: async () => {
          throw discard("bad input");
        },
      },
      retryPolicy: () => new Date(Date.now() + 3_600_000),
    });
    await client.insertMany([
      { kind: "ok", args: { i: 1 } },
      { kind: "ok", args: { i: 2 } },
      { kind: "flaky", args: {} },
      { kind: "bad", args: {} },
    ]);
    await client.insert("ok", { u: 1 }, { unique: { byArgs: true } });
    await client.insert("ok", { u: 1 }, { unique: { byArgs: true } });
    await client.start();
    let completed = 0;
    client.on("job:completed", () => {
      completed += 1;
    });
    await waitFor("all outcomes", async () => {
      await otel.collect();
      return otel.metric(METRIC.completed, at("ok")) === 3 && otel.metric(METRIC.failed, at("flaky")) === 1 && otel.metric(METRIC.discarded, at("bad")) === 1;
    });
    expect(otel.metric(METRIC.inserted, at("ok"))).toBe(3);
    expect(otel.metric(METRIC.inserted, at("flaky"))).toBe(1);
    expect(failures).toBe(1);
    expect(completed).toBe(3); // the counter counts what the client's committed events report
    expect(otel.metric(METRIC.cancelled, at("ok"))).toBeUndefined();
    expect(otel.metric(METRIC.workDuration, { ...at("ok"), "tributary.job.outcome": "completed" })).toBe(3);
    expect(otel.metric(METRIC.workDuration, { ...at("flaky"), "tributary.job.outcome": "failed" })).toBe(1);
    expect(otel.metric(METRIC.queueWait, at("ok"))).toBe(3);
  });

  it("records queue wait from the scheduled time to the attempt's start, in seconds", async () => {
    const client = fx.client({ plugins: [plugin()], queues: { default: { maxWorkers: 1 } }, workers: { waited: async () => {} } });
    await client.insert("waited", {});
    await new Promise((r) => setTimeout(r, 400));
    await client.start();
    await waitFor("the attempt", async () => {
      await otel.collect();
      return otel.metric(METRIC.completed, at("waited")) === 1;
    });
    const metrics = await otel.collect();
    const wait = metrics!.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === METRIC.queueWait)!;
    expect(wait.descriptor.unit).toBe("s");
    const sum = (wait.dataPoints[0]!.value as { sum: number }).sum;
    expect(sum).toBeGreaterThanOrEqual(0.35);
    expect(sum).toBeLessThan(30);
  });

  it("queue depth: the leader counts jobs by queue and state every interval; zero once a queue drains; no counting after it stops leading", async () => {
    const client = fx.client({ plugins: [plugin(100)], queues: { default: { maxWorkers: 2 } }, workers: { drain: async () => {} },
      // The "parked" jobs sit in a queue this client does not work, for the depth count only.
      skipUnknownJobCheck: true,
    });
    await client.insertMany([
      { kind: "parked", args: { i: 1 }, opts: { queue: "reports" } },
      { kind: "parked", args: { i: 2 }, opts: { queue: "reports" } },
      { kind: "parked", args: { i: 3 }, opts: { queue: "reports", scheduledAt: new Date(Date.now() + 3_600_000) } },
      { kind: "drain", args: {} },
    ]);
    const depth = (queue: string, state: string) => otel.metric(METRIC.queueDepth, { "messaging.destination.name": queue, "tributary.job.state": state });
    await otel.collect();
    expect(depth("reports", "available")).toBeUndefined();
    await client.start();
    await waitFor("the leader's counts", async () => {
      await otel.collect();
      return depth("reports", "available") === 2;
    });
    expect(client.isLeader).toBe(true);
    expect(depth("reports", "scheduled")).toBe(1);
    expect(depth("reports", "running")).toBe(0);
    await fx.pool.query(`DELETE FROM "${fx.schema.name}".river_job WHERE queue = 'reports' AND state = 'available'`);
    await waitFor("the next count", async () => {
      await otel.collect();
      return depth("reports", "available") === 0;
    });
    // Once it no longer leads it stops counting: a change made after stop() is never reported.
    await client.stop();
    await fx.pool.query(`DELETE FROM "${fx.schema.name}".river_job WHERE queue = 'reports'`);
    await new Promise((r) => setTimeout(r, 400));
    await otel.collect();
    expect(depth("reports", "scheduled")).not.toBe(0);
  });

  it("above queueDepthExactLimit the depth is an estimate from a sample of the table's pages, sized to the limit", async () => {
    const statements: string[] = [];
    const driver = pgDriver<pg.PoolClient>(fx.pool);
    const executor = (): Executor => {
      const inner = driver.executor();
      return {
        async query<R>(sql: string, params?: readonly unknown[]) {
          const rows = await inner.query<R>(sql, params);
          statements.push(sql);
          return rows;
        },
      };
    };
    await fx.pool.query(
      `INSERT INTO "${fx.schema.name}".river_job (args, kind, max_attempts, queue, state, scheduled_at) SELECT '{}', 'parked', 25, 'bulk', 'available', now() FROM generate_series(1, 20000)`,
    );
    await fx.pool.query(`VACUUM ANALYZE "${fx.schema.name}".river_job`);
    const client = fx.client({
      driver: { ...driver, executor },
      plugins: [otelPlugin({ meterProvider: otel.meterProvider, queueDepthInterval: 100, queueDepthExactLimit: 10_000 })],
      queues: { default: { maxWorkers: 1 } },
      workers: { other: async () => {} },
    });
    const depth = () => otel.metric(METRIC.queueDepth, { "messaging.destination.name": "bulk", "tributary.job.state": "available" });
    await client.start();
    // The first count is exact; 20,000 > 10,000, so the next reads a random half of the pages (10,000 / 20,000).
    await waitFor("the exact count", async () => {
      await otel.collect();
      return depth() === 20_000;
    });
    await waitFor("a sampled count", () => statements.some((s) => s.includes("TABLESAMPLE SYSTEM (50.0000)")));
    await otel.collect();
    // An estimate: the half's count doubled (a count not scaled back would be near 10,000).
    expect(depth()).toBeGreaterThan(13_000);
    expect(depth()).toBeLessThan(27_000);
  });

  it("a client that does not lead reports no queue depth", async () => {
    const client = fx.client({ plugins: [plugin(100)], leaderElectionDisabled: true, queues: { default: { maxWorkers: 1 } }, workers: { xx: async () => {} } });
    await client.insert("xx", {}, { queue: "elsewhere" });
    await client.insert("xx", {});
    await client.start();
    await waitFor("its attempt", async () => {
      await otel.collect();
      return otel.metric(METRIC.completed, at("xx")) === 1;
    });
    await new Promise((r) => setTimeout(r, 400));
    await otel.collect();
    expect(otel.metric(METRIC.queueDepth, { "messaging.destination.name": "elsewhere" })).toBeUndefined();
  });
});
