// Conformance block: bulk retry, cancel and delete by River's filters, River's cancel notification, and the { tx } forms in the library's transaction.
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../base/errors.js";
import { Client } from "../../client/client.js";
import type { ConformanceContext } from "../conformance-context.js";
import { itUnless } from "../support/it-unless.js";
import { quietLogger } from "../support/quiet-logger.js";
import { Rollback } from "../support/rollback.js";
import { settle, waitFor } from "../support/wait-for.js";
import { FAR_FUTURE_US, type FixtureJob, S, insertFixtureJobs, listenOn, statesById } from "./admin-fixture.js";

/** One job in every state, all of kind "k" in queue "bulk". */
const ONE_OF_EACH: readonly FixtureJob[] = [
  { kind: "k", queue: "bulk", state: "available", createdUs: 0, scheduledUs: 0 },
  { kind: "k", queue: "bulk", state: "scheduled", createdUs: 0, scheduledUs: FAR_FUTURE_US },
  { kind: "k", queue: "bulk", state: "running", createdUs: 0, scheduledUs: 0, attemptedUs: S },
  { kind: "k", queue: "bulk", state: "completed", createdUs: 0, scheduledUs: 0, attemptedUs: S, finalizedUs: 2 * S },
  { kind: "k", queue: "bulk", state: "discarded", createdUs: 0, scheduledUs: 0, attemptedUs: S, finalizedUs: 2 * S },
  { kind: "k", queue: "bulk", state: "cancelled", createdUs: 0, scheduledUs: 0, finalizedUs: 2 * S },
  { kind: "k", queue: "bulk", state: "retryable", createdUs: 0, scheduledUs: FAR_FUTURE_US, attemptedUs: S },
  { kind: "k", queue: "bulk", state: "pending", createdUs: 0, scheduledUs: 0 },
];
const STATES = ONE_OF_EACH.map((j) => j.state);
const FINALIZED: readonly string[] = ["completed", "discarded", "cancelled"];

/** retryJobs / cancelJobs / deleteJobs: what each changes, what it refuses, and atomicity with the caller's transaction. */
export function adminBulkBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("admin: bulk actions", () => {
    let client: Client<TTx>;
    beforeAll(() => {
      client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
    });
    const statesOf = async (ids: string[]) => {
      const now = await statesById(ctx);
      return ids.map((id) => now[id] ?? "deleted");
    };

    it("retryJobs makes every matching job that is not running available now, finalized_at cleared, and counts what changed", async () => {
      const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
      // available (already due) and running are left alone; the six others become available.
      expect(await client.retryJobs({ kinds: ["k"] })).toEqual({ count: 6 });
      expect(await statesOf(ids)).toEqual(STATES.map((s) => (s === "running" ? "running" : "available")));
      expect(await ctx.countJobs("state = 'available' AND (finalized_at IS NOT NULL OR scheduled_at > now())")).toBe(0);
      const other = await insertFixtureJobs(ctx, [{ kind: "k", queue: "other", state: "discarded", createdUs: 0, scheduledUs: 0, attemptedUs: S, finalizedUs: S }]);
      expect(await client.retryJobs({ queues: ["bulk"] })).toEqual({ count: 0 });
      expect(await statesOf(other)).toEqual(["discarded"]);
    });

    it("cancelJobs cancels waiting jobs at once and marks running ones with cancel_attempted_at, as cancelJob does", async () => {
      const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
      const result = await client.cancelJobs({ queues: ["bulk"] });
      expect(result).toEqual({ count: 5, cancelRequested: [ids[2]] });
      expect(await statesOf(ids)).toEqual(STATES.map((s) => (s === "running" || FINALIZED.includes(s) ? s : "cancelled")));
      expect(await ctx.countJobs("state = 'cancelled' AND finalized_at IS NULL")).toBe(0);
      expect(await ctx.countJobs("id = $1::text::bigint AND metadata->>'cancel_attempted_at' IS NOT NULL", [ids[2]])).toBe(1);
    });

    itUnless(ctx.target.noListener, "cancelJobs tells a running job's worker with River's cancel payload on the control channel", async () => {
      const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
      const control = await listenOn(ctx, "river_control");
      try {
        await client.cancelJobs({ kinds: ["k"] });
        await waitFor("the cancel notification", () => control.payloads.length > 0);
        await settle(100);
        expect(control.payloads).toEqual([`{"action" : "cancel", "job_id" : ${ids[2]}, "queue" : "bulk"}`]);
      } finally {
        await control.close();
      }
    });

    it("deleteJobs deletes every matching job but the running one", async () => {
      const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
      expect(await client.deleteJobs({ kinds: ["k"], states: ["completed", "running"] })).toEqual({ count: 1 });
      expect(await client.deleteJobs({ kinds: ["k"] })).toEqual({ count: 6 });
      expect(await statesOf(ids)).toEqual(STATES.map((s) => (s === "running" ? "running" : "deleted")));
    });

    it("deleteJobs refuses to run without any filter unless told unsafeAll (River's UnsafeAll), and then still spares running jobs", async () => {
      const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
      for (const filters of [{}, { kinds: [] }, { metadata: {} }, { createdAt: {} }]) {
        const err = await client.deleteJobs(filters).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as Error).message).toMatch(/^filters: .*unsafeAll/);
      }
      expect(await client.deleteJobs({}, { unsafeAll: false }).catch((e: unknown) => e)).toBeInstanceOf(InvalidArgumentError);
      expect(await ctx.countJobs()).toBe(8);
      expect(await client.deleteJobs({}, { unsafeAll: true })).toEqual({ count: 7 });
      expect(await statesOf(ids)).toEqual(STATES.map((s) => (s === "running" ? "running" : "deleted")));
    });

    it("{ tx }: retryJobs, cancelJobs and deleteJobs inside the library's transaction are undone by its rollback", async () => {
      const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          expect((await client.cancelJobs({ states: ["available", "running"] }, { tx })).count).toBe(2);
          expect((await client.retryJobs({ states: ["discarded"] }, { tx })).count).toBe(1);
          expect((await client.deleteJobs({ states: ["completed"] }, { tx })).count).toBe(1);
          // The transaction sees its own changes; the pool does not (where it can look from outside).
          expect(await client.countJobs({ states: ["cancelled"] }, { tx })).toBe(2);
          if (!ctx.target.singleConnection) expect(await client.countJobs({ states: ["cancelled"] })).toBe(1);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await statesOf(ids)).toEqual(STATES);
      expect(await ctx.countJobs("metadata->>'cancel_attempted_at' IS NOT NULL")).toBe(0);
    });

    itUnless(ctx.target.noListener, "{ tx }: a rolled-back cancelJobs sends no notification; a committed one sends it on commit", async () => {
      const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
      const control = await listenOn(ctx, "river_control");
      try {
        await expect(
          ctx.fx.inTransaction(async (tx) => {
            await client.cancelJobs({ kinds: ["k"] }, { tx });
            throw new Rollback();
          }),
        ).rejects.toBeInstanceOf(Rollback);
        await settle(200);
        expect(control.payloads).toEqual([]);
        await ctx.fx.inTransaction((tx) => client.cancelJobs({ kinds: ["k"] }, { tx }));
        await waitFor("the committed cancel notification", () => control.payloads.length > 0);
        expect(control.payloads).toEqual([`{"action" : "cancel", "job_id" : ${ids[2]}, "queue" : "bulk"}`]);
      } finally {
        await control.close();
      }
    });

    it("{ tx }: bulk actions commit with the library's transaction", async () => {
      const ids = await insertFixtureJobs(ctx, ONE_OF_EACH);
      await ctx.fx.inTransaction(async (tx) => {
        await client.deleteJobs({ states: ["completed"] }, { tx });
        await client.retryJobs({ states: ["discarded"] }, { tx });
        await client.cancelJobs({ states: ["pending"] }, { tx });
      });
      const want: Record<string, string> = { completed: "deleted", discarded: "available", pending: "cancelled" };
      expect(await statesOf(ids)).toEqual(STATES.map((s) => want[s] ?? s));
    });
  });
}
