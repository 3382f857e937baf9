// Typed jobs without a database: defineJob/defineWorker input checks, the workers list, and what a schema sees at insert.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { resolveClientConfig } from "../src/config/resolve-client-config.js";
import { defineJob, defineWorker, InvalidJobArgsError, isTributaryError, type StandardSchemaV1 } from "../src/index.js";
import { validateInsertArgs, validateStoredArgs } from "../src/job/validate-args.js";
import { poolDriver } from "./support/pg-executor.js";

/** A real pool (connected lazily): these tests stop at configuration, before any statement. */
const pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL });
const driver = poolDriver(pool);
afterAll(() => pool.end());

const email = defineJob({ kind: "send_email", schema: z.object({ to: z.string() }) });

/** A schema that records what it was given and accepts everything. */
function recording(seen: unknown[]): StandardSchemaV1<object> {
  return { "~standard": { version: 1, vendor: "test", validate: (value) => (seen.push(value), { value: value as object }) } };
}

function thrown(fn: () => unknown): Error & { code?: string; field?: string } {
  try {
    fn();
  } catch (err) {
    return err as never;
  }
  throw new Error("expected a throw");
}

describe("defineJob and defineWorker", () => {
  it("keep the type-only form and refuse what is not a Standard Schema", () => {
    const legacy = defineJob<{ id: string }>("legacy_kind", { queue: "mail" });
    expect(legacy).toEqual({ kind: "legacy_kind", defaults: { queue: "mail" } });
    expect(Object.isFrozen(email.defaults)).toBe(true);
    expect(thrown(() => defineJob({ kind: "bad_schema", schema: { parse: () => ({}) } as never }))).toMatchObject({ code: "INVALID_ARGUMENT", field: "schema" });
    expect(thrown(() => defineWorker({} as never, async () => {}))).toMatchObject({ field: "job" });
    expect(thrown(() => defineWorker(email, "nope" as never))).toMatchObject({ field: "work" });
  });
});

describe("workers as a list", () => {
  it("takes each worker's kind from its job and refuses two workers for one kind", () => {
    const settings = resolveClientConfig({ driver, workers: [defineWorker(email, async () => {}, { jobTimeout: 5 })] });
    expect([...settings.workers.keys()]).toEqual(["send_email"]);
    expect(settings.workers.get("send_email")?.jobTimeout).toBe(5);
    const twice = thrown(() => resolveClientConfig({ driver, workers: [defineWorker(email, async () => {}), defineWorker(email, async () => {})] }));
    expect(twice).toMatchObject({ code: "INVALID_ARGUMENT", field: "config.workers[1]" });
    expect(thrown(() => resolveClientConfig({ driver, workers: [async () => {}] as never }))).toMatchObject({ field: "config.workers[0]" });
    expect(thrown(() => resolveClientConfig({ driver, workers: [defineWorker(defineJob({ kind: "x" }), async () => {})] }))).toMatchObject({
      field: "config.workers[0].job.kind",
    });
  });

  it("refuses a record key that is not its worker's kind (a misspelled key)", () => {
    const err = thrown(() => resolveClientConfig({ driver, workers: { send_emial: defineWorker(email, async () => {}) } }));
    expect(err).toMatchObject({ field: "config.workers.send_emial" });
    expect(err.message).toMatch(/is a worker of "send_email"/);
  });

  it("gives schema-bound workers the client's discardOnInvalidArgs unless they set their own", () => {
    const other = defineJob({ kind: "other_kind", schema: z.object({}) });
    const settings = resolveClientConfig({
      driver,
      discardOnInvalidArgs: true,
      workers: [defineWorker(email, async () => {}), defineWorker(other, async () => {}, { discardOnInvalidArgs: false })],
    });
    expect(settings.workers.get("send_email")?.discardOnInvalidArgs).toBe(true);
    expect(settings.workers.get("other_kind")?.discardOnInvalidArgs).toBe(false);
    expect(thrown(() => resolveClientConfig({ driver, discardOnInvalidArgs: "yes" as never }))).toMatchObject({ field: "config.discardOnInvalidArgs" });
  });
});

describe("what a schema sees", () => {
  it("at insert: the args as the row will hold them, integers beyond 2^53 as bigint and a Date as text", async () => {
    const seen: unknown[] = [];
    const stored = await validateInsertArgs(recording(seen), "k", { big: 2n ** 60n, small: 2 ** 52, at: new Date(0), gone: undefined }, "args", 1_000);
    expect(seen).toEqual([{ big: 2n ** 60n, small: 2 ** 52, at: "1970-01-01T00:00:00.000Z" }]);
    expect(stored).toEqual(seen[0]);
  });

  it("names every issue with its path, at most ten, and keeps them on the error", async () => {
    const many = z.object(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, z.string()])));
    const err = (await validateInsertArgs(many, "wide", {}, "jobs[2].args", 1_000).catch((e) => e)) as InvalidJobArgsError;
    expect(err).toBeInstanceOf(InvalidJobArgsError);
    expect(isTributaryError(err, "INVALID_ARGUMENT")).toBe(true);
    expect(err.field).toBe("jobs[2].args");
    expect(err.kind).toBe("wide");
    expect(err.issues).toHaveLength(12);
    expect(err.message).toMatch(/^jobs\[2\]\.args: does not match the schema of "wide": f0: .+; f9: [^;]+; and 2 more$/);
    await expect(validateStoredArgs(many, "wide", { f0: 1 })).rejects.toMatchObject({ field: "args" });
  });

  it("before work: the schema's output", async () => {
    const trimmed = z.object({ to: z.string().trim() });
    expect(await validateStoredArgs(trimmed, "k", { to: "  a  " })).toEqual({ to: "a" });
  });
});
