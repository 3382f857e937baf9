// Conformance block: River's job listing (every filter and ordering), countJobs, and listing in the library's transaction.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JobFilters } from "../../admin/job-filters.js";
import type { ListJobsParams } from "../../admin/list-jobs.js";
import { InvalidArgumentError } from "../../base/errors.js";
import { Client } from "../../client/client.js";
import type { ConformanceContext } from "../conformance-context.js";
import { quietLogger } from "../support/quiet-logger.js";
import { Rollback } from "../support/rollback.js";
import { type FixtureJob, S, T0, insertFixtureJobs } from "./admin-fixture.js";

/**
 * Eight jobs, one per state, with ties on purpose: jobs 0 and 5 are scheduled at the same
 * instant and job 7 one microsecond later (a millisecond cursor would lose or repeat it);
 * jobs 3 and 5 are finalized at the same instant.
 */
export const LISTING_JOBS: readonly FixtureJob[] = [
  { kind: "a", queue: "q1", state: "available", priority: 1, tags: ["t1", "t2"], metadata: { team: "x" }, createdUs: 1 * S, scheduledUs: 5 * S },
  { kind: "b", queue: "q1", state: "scheduled", priority: 2, tags: ["t2"], metadata: { team: "y" }, createdUs: 2 * S, scheduledUs: 60 * S },
  { kind: "a", queue: "q2", state: "running", priority: 3, createdUs: 3 * S, scheduledUs: 1 * S, attemptedUs: 10 * S },
  { kind: "c", queue: "q2", state: "completed", priority: 4, tags: ["t3"], metadata: { team: "x", n: 1 }, createdUs: 4 * S, scheduledUs: 2 * S, attemptedUs: 3 * S, finalizedUs: 20 * S },
  { kind: "a", queue: "q1", state: "discarded", priority: 1, tags: ["t1"], createdUs: 5 * S, scheduledUs: 3 * S, attemptedUs: 4 * S, finalizedUs: 15 * S },
  { kind: "b", queue: "q3", state: "cancelled", priority: 2, createdUs: 6 * S, scheduledUs: 5 * S, finalizedUs: 20 * S },
  { kind: "a", queue: "q1", state: "retryable", priority: 1, createdUs: 7 * S, scheduledUs: 30 * S, attemptedUs: 6 * S },
  { kind: "c", queue: "q1", state: "pending", priority: 1, createdUs: 8 * S, scheduledUs: 5 * S + 1 },
];

type TimeColumn = "createdUs" | "scheduledUs" | "attemptedUs" | "finalizedUs";

/** The fixture order River gives: by `column` then id, both in `order`; rows without the column are left out. */
export function expectedOrder(column: TimeColumn | "id", order: "asc" | "desc", keep: (j: FixtureJob) => boolean = () => true): number[] {
  const sign = order === "asc" ? 1 : -1;
  return LISTING_JOBS.map((j, i) => ({ j, i }))
    .filter(({ j }) => keep(j) && (column === "id" || j[column] !== undefined))
    .sort((x, y) => sign * (column === "id" ? x.i - y.i : x.j[column]! - y.j[column]! || x.i - y.i))
    .map(({ i }) => i);
}

/** The listing fixture, inserted before each test of a describe; `ids()` are its ids in fixture order. */
export function listingFixture<TTx>(ctx: ConformanceContext<TTx>): { client: () => Client<TTx>; ids: () => string[]; indexes: (jobs: { id: string }[]) => number[] } {
  let client: Client<TTx>;
  let ids: string[] = [];
  beforeAll(() => {
    client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
  });
  beforeEach(async () => {
    ids = await insertFixtureJobs(ctx, LISTING_JOBS);
  });
  return { client: () => client, ids: () => ids, indexes: (jobs) => jobs.map((j) => ids.indexOf(j.id)) };
}

/** listJobs / countJobs: every River filter, every ordering, today's call, bad input, and the caller's transaction. */
export function adminListBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("admin: listing jobs", () => {
    const f = listingFixture(ctx);

    it("today's call keeps working: state, kind and queue (single or list), paging by id with after", async () => {
      const { client, indexes, ids } = { client: f.client(), indexes: f.indexes, ids: f.ids() };
      expect(indexes(await client.listJobs({ kind: "a" }))).toEqual([0, 2, 4, 6]);
      expect(indexes(await client.listJobs({ state: ["running", "pending"] }))).toEqual([2, 7]);
      expect(indexes(await client.listJobs({ queue: "q2", state: "completed" }))).toEqual([3]);
      expect(indexes(await client.listJobs({ kind: ["a", "b"], limit: 2, after: ids[1] }))).toEqual([2, 4]);
    });

    const filterCases: [string, (ids: string[]) => JobFilters, number[]][] = [
      ["ids", (ids) => ({ ids: [ids[6]!, ids[1]!] }), [1, 6]],
      ["kinds", () => ({ kinds: ["b", "c"] }), [1, 3, 5, 7]],
      ["queues", () => ({ queues: ["q2", "q3"] }), [2, 3, 5]],
      ["states", () => ({ states: ["cancelled", "discarded"] }), [4, 5]],
      ["priorities", () => ({ priorities: [2, 4] }), [1, 3, 5]],
      ["tagsAll (every tag)", () => ({ tagsAll: ["t1", "t2"] }), [0]],
      ["tagsAny (one of the tags)", () => ({ tagsAny: ["t1", "t3"] }), [0, 3, 4]],
      ["metadata containment", () => ({ metadata: { team: "x" } }), [0, 3]],
      ["createdAt range (since inclusive, before exclusive)", () => ({ createdAt: { since: new Date(T0 + 2000), before: new Date(T0 + 4000) } }), [1, 2]],
      ["scheduledAt since", () => ({ scheduledAt: { since: new Date(T0 + 5000) } }), [0, 1, 5, 6, 7]],
      ["finalizedAt before (unfinalized jobs never match)", () => ({ finalizedAt: { before: new Date(T0 + 20000) } }), [4]],
      ["several at once (AND)", () => ({ kinds: ["a"], queues: ["q1"], tagsAny: ["t1"] }), [0, 4]],
      ["an empty list is no filter", () => ({ kinds: [] }), [0, 1, 2, 3, 4, 5, 6, 7]],
    ];
    it.each(filterCases)("filter: %s, and countJobs agrees", async (_name, filters, want) => {
      const client = f.client();
      expect(f.indexes(await client.listJobs(filters(f.ids())))).toEqual(want);
      expect(await client.countJobs(filters(f.ids()))).toBe(want.length);
    });

    for (const order of ["asc", "desc"] as const) {
      it(`orderings ${order}: id, scheduled_at, finalized_at (finalized only) and time by the first state's column, ties by id`, async () => {
        const client = f.client();
        const list = async (p: ListJobsParams) => f.indexes(await client.listJobs({ ...p, order }));
        expect(await list({ orderBy: "id" })).toEqual(expectedOrder("id", order));
        expect(await list({ orderBy: "scheduled_at" })).toEqual(expectedOrder("scheduledUs", order));
        const finalized = await list({ orderBy: "finalized_at" });
        expect(finalized).toEqual(expectedOrder("finalizedUs", order));
        expect(finalized.map((i) => LISTING_JOBS[i]!.state).sort()).toEqual(["cancelled", "completed", "discarded"]);
        // No state: River's default state list starts with available, so scheduled_at.
        expect(await list({ orderBy: "time" })).toEqual(expectedOrder("scheduledUs", order));
        const running = ["running", "retryable", "discarded"] as const;
        expect(await list({ orderBy: "time", states: [...running] })).toEqual(expectedOrder("attemptedUs", order, (j) => (running as readonly string[]).includes(j.state)));
        const done = ["completed", "cancelled"] as const;
        expect(await list({ orderBy: "time", states: [...done] })).toEqual(expectedOrder("finalizedUs", order, (j) => (done as readonly string[]).includes(j.state)));
        const waiting = ["pending", "available"] as const;
        expect(await list({ orderBy: "time", states: [...waiting] })).toEqual(expectedOrder("scheduledUs", order, (j) => (waiting as readonly string[]).includes(j.state)));
      });
    }

    const bad: [string, unknown, string][] = [
      ["limit 0", { limit: 0 }, "params.limit"],
      ["limit 10001", { limit: 10_001 }, "params.limit"],
      ["an unknown state", { states: ["done"] }, "params.states"],
      ["state and states together", { state: "running", states: ["running"] }, "params.state"],
      ["a priority of 5", { priorities: [5] }, "params.priorities"],
      ["a bad id", { ids: ["12x"] }, "params.ids[0]"],
      ["metadata not an object", { metadata: [1] }, "params.metadata"],
      ["a date as a string", { scheduledAt: { before: "2026-01-01" } }, "params.scheduledAt.before"],
      ["an unknown ordering", { orderBy: "priority" }, "params.orderBy"],
      ["after with another ordering", { orderBy: "scheduled_at", after: "1" }, "params.after"],
    ];
    it("bad input is refused with INVALID_ARGUMENT naming the field, before any statement", async () => {
      for (const [name, params, field] of bad) {
        const err = await f.client().listJobsPage(params as ListJobsParams).catch((e: unknown) => e);
        expect(err, name).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).message.startsWith(`${field}:`), `${name}: ${(err as Error).message}`).toBe(true);
      }
    });

    it("{ tx }: listJobs, listJobsPage, countJobs and getJob see the library transaction's own uncommitted jobs", async () => {
      const client = f.client();
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          const { job } = await client.insertTx(tx, "in_tx", {});
          expect((await client.listJobs({ kinds: ["in_tx"] }, { tx })).map((j) => j.id)).toEqual([job.id]);
          expect((await client.listJobsPage({ kinds: ["in_tx"] }, { tx })).jobs.map((j) => j.id)).toEqual([job.id]);
          expect(await client.countJobs({ kinds: ["in_tx"] }, { tx })).toBe(1);
          expect((await client.getJob(job.id, { tx }))?.kind).toBe("in_tx");
          // Invisible outside it (a single-connection library cannot look from outside).
          if (!ctx.target.singleConnection) expect(await client.countJobs({ kinds: ["in_tx"] })).toBe(0);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await client.countJobs({ kinds: ["in_tx"] })).toBe(0);
    });
  });
}
