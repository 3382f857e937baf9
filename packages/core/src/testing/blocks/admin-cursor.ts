// Conformance block: River's job list cursor — paging every ordering, the cursor's bytes, and cursors made by hand as River's Go writes them.
import { describe, expect, it } from "vitest";
import type { ListJobsParams } from "../../admin/list-jobs.js";
import { InvalidArgumentError } from "../../base/errors.js";
import type { ConformanceContext } from "../conformance-context.js";
import { fixtureTime } from "./admin-fixture.js";
import { expectedOrder, listingFixture } from "./admin-list.js";

/** A cursor as River's Go writes it: encoding/json of its struct, base64 in the URL-safe (or standard) alphabet. */
function riverCursor(c: { id: string; kind: string; queue: string; sort_field: string; time: string }, alphabet: "url" | "std"): string {
  const json = `{"id":${c.id},"kind":${JSON.stringify(c.kind)},"queue":${JSON.stringify(c.queue)},"sort_field":"${c.sort_field}","time":"${c.time}"}`;
  const std = Buffer.from(json, "utf8").toString("base64");
  return alphabet === "std" ? std : std.replace(/\+/g, "-").replace(/\//g, "_");
}

/** A kind that makes the cursor's standard base64 hold `+` or `/`, so the two alphabets really differ. */
function kindForDifferentAlphabets(c: { id: string; queue: string; sort_field: string; time: string }): string {
  for (let pad = 0; pad < 3; pad++) {
    const kind = `${"x".repeat(pad)}???~~~`;
    if (/[+/]/.test(riverCursor({ ...c, kind }, "std"))) return kind;
  }
  throw new Error("no kind found");
}

/** listJobsPage: every ordering paged without a gap or repeat, River's cursor bytes, River-made cursors in both alphabets. */
export function adminCursorBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("admin: River's job list cursor", () => {
    const f = listingFixture(ctx);

    /** Every page of a listing, `limit` at a time, following nextCursor. */
    const allPages = async (params: ListJobsParams, limit: number): Promise<number[]> => {
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const res = await f.client().listJobsPage({ ...params, limit, cursor });
        seen.push(...f.indexes(res.jobs));
        if (res.nextCursor === null) return seen;
        cursor = res.nextCursor;
      }
      throw new Error("paging did not end");
    };

    const nullable = ["running", "available", "pending", "retryable"] as const;
    const orderings: [string, ListJobsParams, number[]][] = [
      ["id asc", { orderBy: "id" }, expectedOrder("id", "asc")],
      ["id desc", { orderBy: "id", order: "desc" }, expectedOrder("id", "desc")],
      ["scheduled_at asc", { orderBy: "scheduled_at" }, expectedOrder("scheduledUs", "asc")],
      ["scheduled_at desc", { orderBy: "scheduled_at", order: "desc" }, expectedOrder("scheduledUs", "desc")],
      ["finalized_at asc", { orderBy: "finalized_at" }, expectedOrder("finalizedUs", "asc")],
      ["finalized_at desc", { orderBy: "finalized_at", order: "desc" }, expectedOrder("finalizedUs", "desc")],
      ["time asc (finalized states)", { orderBy: "time", states: ["completed", "cancelled", "discarded"] }, expectedOrder("finalizedUs", "asc")],
      ["time desc (no state: scheduled_at)", { orderBy: "time", order: "desc" }, expectedOrder("scheduledUs", "desc")],
      // attempted_at, null for the available and pending jobs: last ascending, first descending.
      ["time asc over a nullable column", { orderBy: "time", states: [...nullable] }, [6, 2, 0, 7]],
      ["time desc over a nullable column", { orderBy: "time", order: "desc", states: [...nullable] }, [7, 0, 2, 6]],
    ];
    it.each(orderings)("%s: pages of 1, 2 and 3 continue without a gap or a repeat, across microsecond ties", async (_name, params, want) => {
      for (const limit of [1, 2, 3]) expect(await allPages(params, limit), `pages of ${limit}`).toEqual(want);
    });

    it("emits River's JSON, base64 in the standard alphabet with padding (what River's Go decodes), time in RFC 3339 nano", async () => {
      const ids = f.ids();
      const page = await f.client().listJobsPage({ orderBy: "scheduled_at", limit: 3 });
      expect(f.indexes(page.jobs)).toEqual([2, 3, 4]);
      const cursor = page.nextCursor!;
      expect(cursor).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(cursor.length % 4).toBe(0);
      expect(Buffer.from(cursor, "base64").toString("utf8")).toBe(
        `{"id":${ids[4]},"kind":"a","queue":"q1","sort_field":"scheduled_at","time":"2026-01-01T00:00:03Z"}`,
      );
      const idPage = await f.client().listJobsPage({ limit: 1 });
      expect(Buffer.from(idPage.nextCursor!, "base64").toString("utf8")).toBe(
        `{"id":${ids[0]},"kind":"a","queue":"q1","sort_field":"id","time":"0001-01-01T00:00:00Z"}`,
      );
      // Microseconds kept, trailing zeros dropped, as Go's RFC3339Nano.
      const six = await f.client().listJobsPage({ orderBy: "scheduled_at", limit: 6 });
      expect(f.indexes(six.jobs).at(-1)).toBe(7);
      expect(JSON.parse(Buffer.from(six.nextCursor!, "base64").toString("utf8")).time).toBe("2026-01-01T00:00:05.000001Z");
    });

    for (const alphabet of ["url", "std"] as const) {
      it(`continues a cursor made by hand from River's JSON (${alphabet === "url" ? "Go's URL-safe" : "standard"} alphabet)`, async () => {
        // After job 5 (scheduled at exactly 5 s): job 7 (5 s + 1 µs) comes next, then 6 and 1.
        const base = { id: f.ids()[5]!, queue: "q3", sort_field: "scheduled_at", time: "2026-01-01T00:00:05Z" };
        const cursor = riverCursor({ ...base, kind: kindForDifferentAlphabets(base) }, alphabet);
        expect(cursor).toMatch(alphabet === "url" ? /[-_]/ : /[+/]/);
        const page = await f.client().listJobsPage({ orderBy: "scheduled_at", cursor, limit: 10 });
        expect(f.indexes(page.jobs)).toEqual([7, 6, 1]);
      });
    }

    it("continues River's cursors with nanoseconds, an offset, and the zero time of an id ordering", async () => {
      const ids = f.ids();
      const client = f.client();
      const nanos = riverCursor({ id: ids[0]!, kind: "a", queue: "q1", sort_field: "scheduled_at", time: "2026-01-01T00:00:05.000000000Z" }, "url");
      expect(f.indexes((await client.listJobsPage({ cursor: nanos })).jobs)).toEqual([5, 7, 6, 1]);
      const offset = riverCursor({ id: ids[0]!, kind: "a", queue: "q1", sort_field: "scheduled_at", time: "2026-01-01T01:00:05+01:00" }, "url");
      expect(f.indexes((await client.listJobsPage({ orderBy: "scheduled_at", cursor: offset })).jobs)).toEqual([5, 7, 6, 1]);
      const byId = riverCursor({ id: ids[5]!, kind: "b", queue: "q3", sort_field: "id", time: "0001-01-01T00:00:00Z" }, "url");
      expect(f.indexes((await client.listJobsPage({ cursor: byId })).jobs)).toEqual([6, 7]);
      expect(f.indexes((await client.listJobsPage({ cursor: byId, order: "desc" })).jobs)).toEqual([4, 3, 2, 1, 0]);
      // A time ordering whose cursor holds the zero time: the last job had no time; the page continues among the untimed.
      const zeroTime = riverCursor({ id: ids[0]!, kind: "a", queue: "q1", sort_field: "time", time: "0001-01-01T00:00:00Z" }, "std");
      expect(f.indexes((await client.listJobsPage({ cursor: zeroTime, states: ["running", "available", "pending", "retryable"] })).jobs)).toEqual([7]);
    });

    it("a page that is not full has no next cursor; bad cursors are refused naming params.cursor", async () => {
      const page = await f.client().listJobsPage({ kinds: ["c"], limit: 5 });
      expect(f.indexes(page.jobs)).toEqual([3, 7]);
      expect(page.nextCursor).toBeNull();
      const otherOrdering = riverCursor({ id: "1", kind: "a", queue: "q", sort_field: "time", time: fixtureTime(0)! }, "std");
      for (const params of [{ cursor: "%%%" }, { cursor: Buffer.from('{"id":"x"}').toString("base64") }, { orderBy: "id" as const, cursor: otherOrdering }]) {
        const err = await f.client().listJobsPage(params).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as Error).message).toMatch(/^params\.cursor:/);
      }
    });
  });
}
