// River's limits on what an attempt stages: output 32 MiB, river:log per attempt and in total, reserved keys.
import { describe, expect, it } from "vitest";
import { JOB_JSON_FIELDS, parseJobJson } from "../src/job/job-row.js";
import { AttemptContext, MAX_OUTPUT_BYTES } from "../src/runtime/attempt-context.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const jobWith = (metadata: object, attempt = 1) => {
  const row: Record<string, unknown> = {
    id: "1", state: "running", attempt, max_attempts: 25, attempted_at: null, attempted_by: [], created_at: "2026-01-01T00:00:00Z",
    finalized_at: null, scheduled_at: "2026-01-01T00:00:00Z", priority: 1, args: {}, errors: null, kind: "k", metadata,
    queue: "default", tags: [], unique_key: null, unique_states: null,
  };
  return parseJobJson(JSON.stringify(JOB_JSON_FIELDS.map((f) => row[f])));
};
const context = (metadata: object = {}, jobLogs = { enabled: true, maxAttemptBytes: 2 * 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024 }, attempt = 1) =>
  new AttemptContext({ job: jobWith(metadata, attempt), abort: new AbortController(), client: null, logger: quiet, jobLogs });

describe("attempt context", () => {
  it("refuses output over River's 32 MiB at once and keeps the last output under it", () => {
    const ctx = context();
    ctx.recordOutput({ first: true });
    expect(() => ctx.recordOutput("x".repeat(MAX_OUTPUT_BYTES))).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", field: "output" }));
    ctx.recordOutput({ second: 1 });
    expect(JSON.parse(ctx.stagedMetadata(false)!)).toEqual({ output: { second: 1 } });
  });

  it("refuses river: keys and output through setMetadata", () => {
    const ctx = context();
    expect(() => ctx.setMetadata({ "river:log": [] })).toThrow(expect.objectContaining({ field: "metadata.river:log" }));
    expect(() => ctx.setMetadata({ output: 1 })).toThrow(expect.objectContaining({ field: "metadata.output" }));
    ctx.setMetadata({ a: 1 });
    ctx.setMetadata({ b: 2 });
    expect(JSON.parse(ctx.stagedMetadata(false)!)).toEqual({ a: 1, b: 2 });
  });

  it("cuts an attempt's log text at maxAttemptBytes", () => {
    const ctx = context({}, { enabled: true, maxAttemptBytes: 20, maxTotalBytes: 1_000 });
    ctx.logger.info("0123456789");
    ctx.logger.info("abcdefghij");
    ctx.logger.info("never kept");
    const log = JSON.parse(ctx.stagedMetadata(false)!)["river:log"] as { attempt: number; log: string }[];
    expect(log).toEqual([{ attempt: 1, log: "INFO 0123456789\nINFO" }]);
    expect(Buffer.byteLength(log[0]!.log)).toBe(20);
  });

  it("drops the oldest river:log entries past maxTotalBytes and always keeps the newest", () => {
    const old = Array.from({ length: 5 }, (_, i) => ({ attempt: i + 1, log: "x".repeat(50) }));
    const ctx = context({ "river:log": old }, { enabled: true, maxAttemptBytes: 1_000, maxTotalBytes: 200 }, 6);
    ctx.logger.warn("newest");
    const log = JSON.parse(ctx.stagedMetadata(false)!)["river:log"] as { attempt: number }[];
    expect(log.at(-1)).toEqual({ attempt: 6, log: "WARN newest" });
    expect(Buffer.byteLength(JSON.stringify(log))).toBeLessThanOrEqual(200);
    expect(log.map((e) => e.attempt)).toEqual([4, 5, 6]);
    const huge = context({}, { enabled: true, maxAttemptBytes: 1_000, maxTotalBytes: 10 }, 1);
    huge.logger.info("a line longer than the total cap");
    expect(JSON.parse(huge.stagedMetadata(false)!)["river:log"]).toHaveLength(1);
  });

  it("keeps nothing with jobLogs off, and stages nothing when nothing was staged", () => {
    const ctx = context({}, { enabled: false, maxAttemptBytes: 1, maxTotalBytes: 1 });
    ctx.logger.info("not kept");
    expect(ctx.stagedMetadata(true)).toBeNull();
  });
});
