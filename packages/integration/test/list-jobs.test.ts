// River's job listing through the client on real PostgreSQL: every filter, ordering and cursor case, including cursors made by hand as River's Go writes them.
import { type Client, InvalidArgumentError, type JobFilters, type ListJobsParams, migrate } from "@tributary/core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureJob, T0, fixtureTime, insertFixtureJobs } from "./support/job-fixture-rows.js";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";

const S = 1_000_000; // one second in µs
// Ties on purpose: jobs 0, 5 and 7 are scheduled within one microsecond of each other
// (0 and 5 exactly together, 7 one µs later, so a millisecond cursor would lose or repeat it);
// jobs 3 and 5 are finalized at the same instant.
const JOBS: FixtureJob[] = [
  { kind: "a", queue: "q1", state: "available", priority: 1, tags: ["t1", "t2"], metadata: { team: "x" }, createdUs: 1 * S, scheduledUs: 5 * S },
  { kind: "b", queue: "q1", state: "scheduled", priority: 2, tags: ["t2"], metadata: { team: "y" }, createdUs: 2 * S, scheduledUs: 60 * S },
  { kind: "a", queue: "q2", state: "running", priority: 3, createdUs: 3 * S, scheduledUs: 1 * S, attemptedUs: 10 * S },
  { kind: "c", queue: "q2", state: "completed", priority: 4, tags: ["t3"], metadata: { team: "x", n: 1 }, createdUs: 4 * S, scheduledUs: 2 * S, attemptedUs: 3 * S, finalizedUs: 20 * S },
  { kind: "a", queue: "q1", state: "discarded", priority: 1, tags: ["t1"], createdUs: 5 * S, scheduledUs: 3 * S, attemptedUs: 4 * S, finalizedUs: 15 * S },
  { kind: "b", queue: "q3", state: "cancelled", priority: 2, createdUs: 6 * S, scheduledUs: 5 * S, finalizedUs: 20 * S },
  { kind: "a", queue: "q1", state: "retryable", priority: 1, createdUs: 7 * S, scheduledUs: 30 * S, attemptedUs: 6 * S },
  { kind: "c", queue: "q1", state: "pending", priority: 1, createdUs: 8 * S, scheduledUs: 5 * S + 1 },
];

let ctx: PgTestContext;
let client: Client<pg.PoolClient>;
let ids: string[];

beforeAll(async () => {
  ctx = await pgTestContext("list");
  await migrate(ctx.driver, { schema: ctx.schema.name });
  client = ctx.client({});
  ids = await insertFixtureJobs(ctx, JOBS);
});
afterAll(async () => {
  await ctx.close();
});

/** Fixture indexes of the listed jobs. */
const indexes = (jobs: { id: string }[]) => jobs.map((j) => ids.indexOf(j.id));

/** The fixture order River gives: by `column` then id, both in `order`; rows without the column are left out. */
function expected(column: "createdUs" | "scheduledUs" | "attemptedUs" | "finalizedUs" | "id", order: "asc" | "desc", keep: (j: FixtureJob) => boolean = () => true): number[] {
  const sign = order === "asc" ? 1 : -1;
  return JOBS.map((j, i) => ({ j, i }))
    .filter(({ j }) => keep(j) && (column === "id" || j[column] !== undefined))
    .sort((x, y) => sign * (column === "id" ? x.i - y.i : x.j[column]! - y.j[column]! || x.i - y.i))
    .map(({ i }) => i);
}

/** Every page of a listing, `limit` at a time, following nextCursor. */
async function allPages(params: ListJobsParams, limit: number): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await client.listJobsPage({ ...params, limit, cursor });
    seen.push(...indexes(res.jobs));
    if (res.nextCursor === null) return seen;
    cursor = res.nextCursor;
  }
  throw new Error("paging did not end");
}

/** A cursor as River's Go writes it: encoding/json of its struct, base64 in the URL-safe alphabet. */
function riverCursor(c: { id: string; kind: string; queue: string; sort_field: string; time: string }, alphabet: "url" | "std"): string {
  const json = `{"id":${c.id},"kind":${JSON.stringify(c.kind)},"queue":${JSON.stringify(c.queue)},"sort_field":"${c.sort_field}","time":"${c.time}"}`;
  const std = Buffer.from(json, "utf8").toString("base64");
  return alphabet === "std" ? std : std.replace(/\+/g, "-").replace(/\//g, "_");
}

/** A kind that makes the cursor's standard base64 hold `+` or `/`, so the two alphabets differ. */
function kindForDifferentAlphabets(c: { id: string; queue: string; sort_field: string; time: string }): string {
  for (let pad = 0; pad < 3; pad++) {
    const kind = `${"x".repeat(pad)}???~~~`;
    if (/[+/]/.test(riverCursor({ ...c, kind }, "std"))) return kind;
  }
  throw new Error("no kind found");
}

describe("listJobs: today's call keeps working", () => {
  it("filters by state, kind and queue (single or list) and pages by id with after", async () => {
    expect(indexes(await client.listJobs({ kind: "a" }))).toEqual([0, 2, 4, 6]);
    expect(indexes(await client.listJobs({ state: ["running", "pending"] }))).toEqual([2, 7]);
    expect(indexes(await client.listJobs({ queue: "q2", state: "completed" }))).toEqual([3]);
    expect(indexes(await client.listJobs({ kind: ["a", "b"], limit: 2, after: ids[1] }))).toEqual([2, 4]);
  });
});

describe("listJobs: River's filters", () => {
  const cases: [string, JobFilters, number[]][] = [
    ["ids", { ids: [ids?.[6] ?? "0", ids?.[1] ?? "0"] }, [1, 6]],
    ["kinds", { kinds: ["b", "c"] }, [1, 3, 5, 7]],
    ["queues", { queues: ["q2", "q3"] }, [2, 3, 5]],
    ["states", { states: ["cancelled", "discarded"] }, [4, 5]],
    ["priorities", { priorities: [2, 4] }, [1, 3, 5]],
    ["tagsAll", { tagsAll: ["t1", "t2"] }, [0]],
    ["tagsAny", { tagsAny: ["t1", "t3"] }, [0, 3, 4]],
    ["metadata containment", { metadata: { team: "x" } }, [0, 3]],
    ["createdAt range", { createdAt: { since: new Date(T0 + 2000), before: new Date(T0 + 4000) } }, [1, 2]],
    ["scheduledAt range", { scheduledAt: { since: new Date(T0 + 5000) } }, [0, 1, 5, 6, 7]],
    ["finalizedAt range", { finalizedAt: { before: new Date(T0 + 20000) } }, [4]],
    ["several at once (AND)", { kinds: ["a"], queues: ["q1"], tagsAny: ["t1"] }, [0, 4]],
    ["an empty list is no filter", { kinds: [] }, [0, 1, 2, 3, 4, 5, 6, 7]],
  ];
  for (const [name, filters, want] of cases) {
    it(name, async () => {
      // ids are only known after beforeAll: rebuild that case's filter from the fixture.
      const f = name === "ids" ? { ids: [ids[6]!, ids[1]!] } : filters;
      expect(indexes(await client.listJobs(f))).toEqual(want);
      expect(await client.countJobs(f)).toBe(want.length);
    });
  }
});

describe("listJobs: River's orderings, id as tie-breaker", () => {
  for (const order of ["asc", "desc"] as const) {
    it(`id ${order}`, async () => {
      expect(indexes(await client.listJobs({ orderBy: "id", order }))).toEqual(expected("id", order));
    });
    it(`scheduled_at ${order}, ties broken by id`, async () => {
      expect(indexes(await client.listJobs({ orderBy: "scheduled_at", order }))).toEqual(expected("scheduledUs", order));
    });
    it(`finalized_at ${order} lists finalized jobs only when no state is given`, async () => {
      const got = indexes(await client.listJobs({ orderBy: "finalized_at", order }));
      expect(got).toEqual(expected("finalizedUs", order));
      expect(got.map((i) => JOBS[i]!.state).sort()).toEqual(["cancelled", "completed", "discarded"]);
    });
    it(`time ${order} orders by the first state's time column`, async () => {
      // No state: River's default state list starts with available, so scheduled_at.
      expect(indexes(await client.listJobs({ orderBy: "time", order }))).toEqual(expected("scheduledUs", order));
      expect(indexes(await client.listJobs({ orderBy: "time", order, states: ["running", "retryable", "discarded"] }))).toEqual(
        expected("attemptedUs", order, (j) => ["running", "retryable", "discarded"].includes(j.state)),
      );
      expect(indexes(await client.listJobs({ orderBy: "time", order, states: ["completed", "cancelled"] }))).toEqual(
        expected("finalizedUs", order, (j) => ["completed", "cancelled"].includes(j.state)),
      );
      expect(indexes(await client.listJobs({ orderBy: "time", order, states: ["pending", "available"] }))).toEqual(
        expected("scheduledUs", order, (j) => ["pending", "available"].includes(j.state)),
      );
    });
  }
});

describe("listJobsPage: River's cursor", () => {
  const orderings: [string, ListJobsParams, number[]][] = [
    ["id asc", { orderBy: "id" }, expected("id", "asc")],
    ["id desc", { orderBy: "id", order: "desc" }, expected("id", "desc")],
    ["scheduled_at asc", { orderBy: "scheduled_at" }, expected("scheduledUs", "asc")],
    ["scheduled_at desc", { orderBy: "scheduled_at", order: "desc" }, expected("scheduledUs", "desc")],
    ["finalized_at asc", { orderBy: "finalized_at" }, expected("finalizedUs", "asc")],
    ["finalized_at desc", { orderBy: "finalized_at", order: "desc" }, expected("finalizedUs", "desc")],
    ["time asc (finalized)", { orderBy: "time", states: ["completed", "cancelled", "discarded"] }, expected("finalizedUs", "asc")],
    ["time desc (default: scheduled_at)", { orderBy: "time", order: "desc" }, expected("scheduledUs", "desc")],
    // attempted_at, null for the available and pending jobs: last ascending, first descending.
    ["time asc over a nullable column", { orderBy: "time", states: ["running", "available", "pending", "retryable"] }, [6, 2, 0, 7]],
    ["time desc over a nullable column", { orderBy: "time", order: "desc", states: ["running", "available", "pending", "retryable"] }, [7, 0, 2, 6]],
  ];
  for (const [name, params, want] of orderings) {
    for (const limit of [1, 2, 3]) {
      it(`${name}: pages of ${limit} continue without a gap or a repeat, across microsecond ties`, async () => {
        expect(await allPages(params, limit)).toEqual(want);
      });
    }
  }

  it("emits River's JSON, base64 in the standard alphabet with padding (what River's Go decodes)", async () => {
    const page = await client.listJobsPage({ orderBy: "scheduled_at", limit: 3 });
    // Third by scheduled_at: job 0 (5 s, lower id than job 5).
    expect(indexes(page.jobs)).toEqual([2, 3, 4]);
    const cursor = page.nextCursor!;
    expect(cursor).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(cursor.length % 4).toBe(0);
    expect(Buffer.from(cursor, "base64").toString("utf8")).toBe(
      `{"id":${ids[4]},"kind":"a","queue":"q1","sort_field":"scheduled_at","time":"2026-01-01T00:00:03Z"}`,
    );
    const idPage = await client.listJobsPage({ limit: 1 });
    expect(Buffer.from(idPage.nextCursor!, "base64").toString("utf8")).toBe(
      `{"id":${ids[0]},"kind":"a","queue":"q1","sort_field":"id","time":"0001-01-01T00:00:00Z"}`,
    );
  });

  it("writes the cursor time in RFC 3339 nano as Go does: microseconds kept, trailing zeros dropped", async () => {
    const page = await client.listJobsPage({ orderBy: "scheduled_at", limit: 6 });
    expect(indexes(page.jobs).at(-1)).toBe(7);
    expect(JSON.parse(Buffer.from(page.nextCursor!, "base64").toString("utf8")).time).toBe("2026-01-01T00:00:05.000001Z");
  });

  for (const alphabet of ["url", "std"] as const) {
    it(`continues a cursor made by hand as River writes it (${alphabet === "url" ? "Go's URL-safe" : "standard"} alphabet)`, async () => {
      // After job 5 (scheduled at exactly 5 s): job 7 (5 s + 1 µs) comes next, then 6 and 1.
      const base = { id: ids[5]!, queue: "q3", sort_field: "scheduled_at", time: "2026-01-01T00:00:05Z" };
      const kind = kindForDifferentAlphabets(base);
      const cursor = riverCursor({ ...base, kind }, alphabet);
      if (alphabet === "url") expect(cursor).toMatch(/[-_]/);
      const page = await client.listJobsPage({ orderBy: "scheduled_at", cursor, limit: 10 });
      expect(indexes(page.jobs)).toEqual([7, 6, 1]);
    });
  }

  it("continues River's cursors with nanoseconds, an offset, and the zero time of an id ordering", async () => {
    const micro = riverCursor({ id: ids[0]!, kind: "a", queue: "q1", sort_field: "scheduled_at", time: "2026-01-01T00:00:05.000000000Z" }, "url");
    expect(indexes((await client.listJobsPage({ cursor: micro })).jobs)).toEqual([5, 7, 6, 1]);
    const offset = riverCursor({ id: ids[0]!, kind: "a", queue: "q1", sort_field: "scheduled_at", time: "2026-01-01T01:00:05+01:00" }, "url");
    expect(indexes((await client.listJobsPage({ orderBy: "scheduled_at", cursor: offset })).jobs)).toEqual([5, 7, 6, 1]);
    const byId = riverCursor({ id: ids[5]!, kind: "b", queue: "q3", sort_field: "id", time: "0001-01-01T00:00:00Z" }, "url");
    expect(indexes((await client.listJobsPage({ cursor: byId })).jobs)).toEqual([6, 7]);
    expect(indexes((await client.listJobsPage({ cursor: byId, order: "desc" })).jobs)).toEqual([4, 3, 2, 1, 0]);
    // A time ordering whose cursor holds the zero time: the last job had no time, the page continues among the untimed ones.
    const zeroTime = riverCursor({ id: ids[0]!, kind: "a", queue: "q1", sort_field: "time", time: "0001-01-01T00:00:00Z" }, "std");
    const states = ["running", "available", "pending", "retryable"] as const;
    expect(indexes((await client.listJobsPage({ cursor: zeroTime, states: [...states] })).jobs)).toEqual([7]);
  });

  it("a page that is not full has no next cursor", async () => {
    const page = await client.listJobsPage({ kinds: ["c"], limit: 5 });
    expect(indexes(page.jobs)).toEqual([3, 7]);
    expect(page.nextCursor).toBeNull();
  });
});

describe("listJobs: bad input is refused, naming the field", () => {
  const bad: [string, unknown, string][] = [
    ["limit 0", { limit: 0 }, "params.limit"],
    ["limit 10001", { limit: 10_001 }, "params.limit"],
    ["an unknown state", { states: ["done"] }, "params.states"],
    ["state and states together", { state: "running", states: ["running"] }, "params.state"],
    ["a priority of 5", { priorities: [5] }, "params.priorities"],
    ["a bad id", { ids: ["12x"] }, "params.ids[0]"],
    ["kinds not a list", { kinds: "a" }, "params.kinds"],
    ["tags not strings", { tagsAll: [1] }, "params.tagsAll"],
    ["metadata not an object", { metadata: [1] }, "params.metadata"],
    ["an invalid date", { createdAt: { since: new Date("nope") } }, "params.createdAt.since"],
    ["a date as a string", { scheduledAt: { before: "2026-01-01" } }, "params.scheduledAt.before"],
    ["an unknown ordering", { orderBy: "priority" }, "params.orderBy"],
    ["an unknown direction", { order: "up" }, "params.order"],
    ["a cursor that is not base64", { cursor: "%%%" }, "params.cursor"],
    ["a cursor that is not River's JSON", { cursor: Buffer.from('{"id":"x"}').toString("base64") }, "params.cursor"],
    [
      "a cursor of another ordering",
      { orderBy: "id", cursor: riverCursor({ id: "1", kind: "a", queue: "q", sort_field: "time", time: fixtureTime(0)! }, "std") },
      "params.cursor",
    ],
    ["after with another ordering", { orderBy: "scheduled_at", after: "1" }, "params.after"],
  ];
  for (const [name, params, field] of bad) {
    it(name, async () => {
      const err = await client.listJobsPage(params as ListJobsParams).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).message.startsWith(`${field}:`)).toBe(true);
    });
  }
});

describe("listing in the caller's transaction", () => {
  it("sees the transaction's own uncommitted jobs", async () => {
    const conn = await ctx.pool.connect();
    try {
      await conn.query("BEGIN");
      await client.insertTx(conn, "in_tx", {});
      expect((await client.listJobs({ kinds: ["in_tx"] }, { tx: conn })).map((j) => j.kind)).toEqual(["in_tx"]);
      expect(await client.countJobs({ kinds: ["in_tx"] })).toBe(0);
      await conn.query("ROLLBACK");
    } finally {
      conn.release();
    }
  });
});
