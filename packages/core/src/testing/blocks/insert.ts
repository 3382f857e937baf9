// Conformance block: inserts through the Client return, and read back, identical JavaScript values.
import { beforeAll, describe, expect, it } from "vitest";
import { Client } from "../../client/client.js";
import type { JobRow } from "../../job/job-row.js";
import type { ConformanceContext } from "../conformance-context.js";
import { quietLogger } from "../support/quiet-logger.js";

/** `insert`/`insertMany` outside any transaction: every driver returns the same rows. */
export function insertBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("insert", () => {
    let client: Client<TTx>;
    beforeAll(() => {
      client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
    });

    it("insert returns the row with normalised JavaScript values", async () => {
      const scheduledAt = new Date("2031-02-03T04:05:06.789Z");
      const { job, skipped } = await client.insert(
        "conformance",
        { text: "héllo <&>", n: 42, nested: { list: [1, "two", null], big: "9007199254740993" } },
        { queue: "q_conf", priority: 2, maxAttempts: 3, scheduledAt, tags: ["alpha", "be-ta"], metadata: { source: "suite" } },
      );
      expect(skipped).toBe(false);
      expect(job).toEqual({
        id: expect.stringMatching(/^[1-9][0-9]*$/),
        state: "scheduled",
        attempt: 0,
        maxAttempts: 3,
        attemptedAt: null,
        attemptedBy: [],
        createdAt: expect.any(Date),
        finalizedAt: null,
        scheduledAt,
        priority: 2,
        args: { text: "héllo <&>", n: 42, nested: { list: [1, "two", null], big: "9007199254740993" } },
        errors: [],
        kind: "conformance",
        metadata: { source: "suite" },
        queue: "q_conf",
        tags: ["alpha", "be-ta"],
        uniqueKey: null,
        uniqueStates: null,
      } satisfies JobRow);
      expect(await client.getJob(job.id)).toEqual(job);
    });

    it("jobs due now or in the past are available, and what insert returns is what a read returns", async () => {
      const [now, past] = await client.insertMany([
        { kind: "due", args: { n: 1 } },
        { kind: "due", args: { n: 2 }, opts: { scheduledAt: new Date("2020-01-01T00:00:00.001Z") } },
      ]);
      expect(now!.job.state).toBe("available");
      expect(now!.job.scheduledAt).toEqual(now!.job.createdAt);
      expect(past!.job).toMatchObject({ state: "available", scheduledAt: new Date("2020-01-01T00:00:00.001Z") });
      expect(await client.getJob(now!.job.id)).toEqual(now!.job);
      expect(await client.getJob(past!.job.id)).toEqual(past!.job);
      // A single job travels through its own statement.
      const single = await client.insert("due", { n: 3 }, { scheduledAt: new Date("2020-01-01T00:00:00.002Z"), tags: ["one-row"] });
      expect(single.job).toMatchObject({ state: "available", tags: ["one-row"] });
      expect(await client.getJob(single.job.id)).toEqual(single.job);
    });

    it("errors, attempted_by and finalized_at read back identically", async () => {
      const { job } = await client.insert("conformance", {});
      await ctx.sql(
        `UPDATE $schema.river_job SET state = 'discarded', attempt = 1, attempted_at = '2030-01-01T00:00:00.123456Z',
           attempted_by = ARRAY['worker-a'], finalized_at = '2030-01-01T00:00:01Z',
           errors = ARRAY['{"at":"2030-01-01T00:00:00.5Z","attempt":1,"error":"boom","trace":"at x"}'::jsonb]
         WHERE id = $1::bigint`,
        [job.id],
      );
      const row = (await client.getJob(job.id))!;
      expect(row.attemptedAt).toEqual(new Date("2030-01-01T00:00:00.123Z"));
      expect(row.finalizedAt).toEqual(new Date("2030-01-01T00:00:01Z"));
      expect(row.attemptedBy).toEqual(["worker-a"]);
      expect(row.errors).toEqual([{ at: new Date("2030-01-01T00:00:00.5Z"), attempt: 1, error: "boom", trace: "at x" }]);
      expect(row.state).toBe("discarded");
    });

    it("insertMany inserts in order; unique duplicates are skipped", async () => {
      const results = await client.insertMany(Array.from({ length: 50 }, (_, i) => ({ kind: "many", args: { i } })));
      expect(results.map((r) => r.job.args.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      const a = await client.insert("uniq", { k: 1 }, { unique: { byArgs: true } });
      const b = await client.insert("uniq", { k: 1 }, { unique: { byArgs: true } });
      expect(b).toMatchObject({ skipped: true, job: { id: a.job.id } });
      expect(a.job.uniqueStates).toBe("11110101");
      expect(await ctx.countJobs()).toBe(51);
    });

    it("a batch large enough to travel as column arrays reads back exactly, unique twins and existing duplicates included", async () => {
      const existing = await client.insert("big_batch", { dup: "existing" }, { unique: { byArgs: true } });
      const awkward = { text: 'quote " backslash \\ brace { } comma , NULL "null" \u00e9\u{1F600}', n: -1.5, nested: { a: [null, true] } };
      const jobs = Array.from({ length: 150 }, (_, i) => ({
        kind: "big_batch",
        args: { i, ...awkward },
        opts: {
          tags: i % 2 === 0 ? ["even", 'tag-"x"'.replace(/"/g, "")] : [],
          queue: i % 3 === 0 ? "q_three" : "default",
          priority: (i % 4) + 1,
          ...(i === 7 ? { scheduledAt: new Date(Date.now() + 3_600_000) } : {}),
        },
      }));
      const results = await client.insertMany([
        ...jobs,
        { kind: "big_batch", args: { dup: "existing" }, opts: { unique: { byArgs: true } } },
        { kind: "big_batch", args: { dup: "twin" }, opts: { unique: { byArgs: true } } },
        { kind: "big_batch", args: { dup: "twin" }, opts: { unique: { byArgs: true } } },
      ]);
      expect(results).toHaveLength(153);
      for (const [i, r] of results.slice(0, 150).entries()) {
        expect(r.skipped).toBe(false);
        expect(await client.getJob(r.job.id)).toEqual(r.job);
        expect(r.job).toMatchObject({ args: { i, ...awkward }, state: i === 7 ? "scheduled" : "available" });
      }
      expect(results[150]).toMatchObject({ skipped: true, job: { id: existing.job.id } });
      expect(results[151]!.skipped).toBe(false);
      expect(results[152]).toMatchObject({ skipped: true, job: { id: results[151]!.job.id } });
      expect(await ctx.countJobs()).toBe(152);
    });
  });
}
