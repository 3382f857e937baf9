// Conformance block: listQueues / getQueue / updateQueue (River's metadata_changed), pause and resume, pending inserts + releaseJobs, jobStats.
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../base/errors.js";
import { Client } from "../../client/client.js";
import type { ConformanceContext } from "../conformance-context.js";
import { itUnless } from "../support/it-unless.js";
import { quietLogger } from "../support/quiet-logger.js";
import { Rollback } from "../support/rollback.js";
import { settle, waitFor } from "../support/wait-for.js";
import { FAR_FUTURE_US, S, insertFixtureJobs, listenOn, statesById } from "./admin-fixture.js";

const ZERO_COUNTS = { available: 0, cancelled: 0, completed: 0, discarded: 0, pending: 0, retryable: 0, running: 0, scheduled: 0 };

/** Queues as River lists and updates them, pending jobs and their release, and the stats the CLI and dashboard show. */
export function adminQueuesBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  describe("admin: queues, pending jobs, stats", () => {
    let client: Client<TTx>;
    beforeAll(() => {
      client = new Client<TTx>({ driver: ctx.driver, schema: ctx.schema, logger: quietLogger });
    });

    it("listQueues: queues with a river_queue row or jobs, paused, metadata, counts by state, the oldest available job's age; getQueue alike", async () => {
      await ctx.sql(`INSERT INTO $schema.river_queue (name, metadata, paused_at) VALUES ('paused_q', '{"owner": "ops"}', now()), ('idle', '{}', NULL)`);
      await ctx.sql(
        `INSERT INTO $schema.river_job (kind, queue, state, args, max_attempts, scheduled_at, finalized_at) VALUES
          ('k', 'paused_q', 'available', '{}', 25, now() - interval '90 seconds', NULL),
          ('k', 'paused_q', 'available', '{}', 25, now() - interval '10 seconds', NULL),
          ('k', 'paused_q', 'completed', '{}', 25, now(), now()),
          ('k', 'jobs_only', 'scheduled', '{}', 25, now() + interval '1 hour', NULL)`,
      );
      const queues = await client.listQueues();
      expect(queues.map((q) => q.name)).toEqual(["idle", "jobs_only", "paused_q"]);
      const [idle, jobsOnly, paused] = queues;
      expect(idle).toMatchObject({ paused: false, pausedAt: null, metadata: {}, counts: ZERO_COUNTS, oldestAvailableAgeMs: null });
      expect(idle!.createdAt).toBeInstanceOf(Date);
      expect(jobsOnly).toMatchObject({ paused: false, createdAt: null, updatedAt: null, counts: { ...ZERO_COUNTS, scheduled: 1 }, oldestAvailableAgeMs: null });
      expect(paused).toMatchObject({ paused: true, metadata: { owner: "ops" }, counts: { ...ZERO_COUNTS, available: 2, completed: 1 } });
      expect(paused!.pausedAt).toBeInstanceOf(Date);
      expect(paused!.oldestAvailableAgeMs).toBeGreaterThanOrEqual(90_000);
      expect(paused!.oldestAvailableAgeMs).toBeLessThan(120_000);
      expect(await client.getQueue("paused_q")).toEqual({ ...paused, oldestAvailableAgeMs: expect.any(Number) });
      expect(await client.getQueue("nothing_here")).toBeNull();
      for (const name of ["", "*", "x".repeat(128)]) expect(await client.getQueue(name).catch((e: unknown) => e)).toBeInstanceOf(InvalidArgumentError);
    });

    it("pauseQueue / resumeQueue show in getQueue, and in the library's transaction roll back with it", async () => {
      await client.pauseQueue("mail");
      expect((await client.getQueue("mail"))!.paused).toBe(true);
      await client.resumeQueue("mail");
      expect((await client.getQueue("mail"))!.paused).toBe(false);
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          await client.pauseQueue("mail", { tx });
          expect((await client.getQueue("mail", { tx }))!.paused).toBe(true);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect((await client.getQueue("mail"))!.paused).toBe(false);
    });

    it("updateQueue replaces the metadata (creating the row), rolls back with the library's transaction, and refuses a non-object", async () => {
      await ctx.sql(`INSERT INTO $schema.river_queue (name, metadata) VALUES ('kept', '{"old": true}')`);
      const updated = await client.updateQueue("kept", { metadata: { owner: "candidate", big: 9007199254740993n } });
      expect(updated).toMatchObject({ name: "kept", metadata: { owner: "candidate", big: 9007199254740993n } });
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          expect((await client.updateQueue("fresh", { metadata: { a: 1 } }, { tx })).metadata).toEqual({ a: 1 });
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await client.getQueue("fresh")).toBeNull();
      for (const metadata of [null, [1], "x"]) {
        const err = await client.updateQueue("q", { metadata } as never).catch((e: unknown) => e);
        expect((err as Error).message).toMatch(/^update\.metadata:/);
      }
    });

    itUnless(ctx.target.noListener, "updateQueue sends River's metadata_changed payload, byte for byte, only on commit", async () => {
      const control = await listenOn(ctx, "river_control");
      try {
        await expect(
          ctx.fx.inTransaction(async (tx) => {
            await client.updateQueue("priority", { metadata: { owner: "rolled back" } }, { tx });
            throw new Rollback();
          }),
        ).rejects.toBeInstanceOf(Rollback);
        await ctx.fx.inTransaction((tx) => client.updateQueue("priority", { metadata: { owner: "candidate" } }, { tx }));
        await waitFor("the metadata_changed message", () => control.payloads.length > 0);
        await settle(100);
        // River's golden payload (protocol_values.json) as Go's encoder writes it.
        expect(control.payloads).toEqual(['{"action":"metadata_changed","metadata":{"owner":"candidate"},"queue":"priority"}']);
      } finally {
        await control.close();
      }
    });

    it("pending inserts wait as pending; releaseJobs moves due ones to available and later ones to scheduled, and nothing else", async () => {
      const one = await client.insert("held", {}, { pending: true });
      const [many] = await client.insertMany([{ kind: "held", args: {}, opts: { pending: true } }]);
      const later = await client.insert("held", {}, { pending: true, scheduledAt: new Date(Date.now() + 3_600_000) });
      expect([one, many!, later].map((r) => r.job.state)).toEqual(["pending", "pending", "pending"]);
      const [running] = await insertFixtureJobs(ctx, [{ kind: "k", queue: "default", state: "running", createdUs: 0, scheduledUs: 0, attemptedUs: S }]);
      const released = await client.releaseJobs([one.job.id, later.job.id, running!]);
      expect(released.sort()).toEqual([one.job.id, later.job.id].sort());
      expect(await statesById(ctx)).toEqual({ [one.job.id]: "available", [many!.job.id]: "pending", [later.job.id]: "scheduled", [running!]: "running" });
      expect(await client.releaseJobs([one.job.id])).toEqual([]);
      await expect(client.releaseJobs(["nope"])).rejects.toThrow(/^ids\[0\]:/);
    });

    it("{ tx }: a pending insert and its release in the library's transaction commit or roll back together", async () => {
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          const { job } = await client.insertTx(tx, "held_tx", {}, { pending: true });
          expect(await client.releaseJobs([job.id], { tx })).toEqual([job.id]);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await ctx.countJobs()).toBe(0);
      const [held] = await insertFixtureJobs(ctx, [{ kind: "k", queue: "default", state: "pending", createdUs: 0, scheduledUs: FAR_FUTURE_US }]);
      await expect(
        ctx.fx.inTransaction(async (tx) => {
          await client.releaseJobs([held!], { tx });
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await statesById(ctx)).toEqual({ [held!]: "pending" });
      await ctx.fx.inTransaction((tx) => client.releaseJobs([held!], { tx }));
      expect(await statesById(ctx)).toEqual({ [held!]: "scheduled" });
    });

    it("jobStats counts jobs by queue × state and outcomes per minute (failed attempts by their error's time, discarded apart)", async () => {
      const since = new Date(Date.now() - 10 * 60_000);
      const minute = (ago: number) => `date_trunc('minute', now()) - interval '${ago} minutes'`;
      const err = (at: string) => `jsonb_build_object('at', ${at}, 'attempt', 1, 'error', 'boom', 'trace', '')`;
      await ctx.sql(
        `INSERT INTO $schema.river_job (kind, queue, state, args, max_attempts, finalized_at, attempt, errors) VALUES
          ('k', 'a', 'completed', '{}', 25, ${minute(2)} + interval '5 seconds', 1, NULL),
          ('k', 'a', 'completed', '{}', 25, ${minute(2)} + interval '50 seconds', 1, NULL),
          ('k', 'b', 'completed', '{}', 25, ${minute(1)} + interval '1 second', 2, ARRAY[${err(`${minute(2)} + interval '7 seconds'`)}]),
          ('k', 'b', 'discarded', '{}', 25, ${minute(1)} + interval '3 seconds', 2, ARRAY[${err(minute(30))}, ${err(`${minute(1)} + interval '2 seconds'`)}]),
          ('k', 'b', 'completed', '{}', 25, ${minute(60)}, 1, ARRAY[${err(minute(61))}]),
          ('k', 'a', 'retryable', '{}', 25, NULL, 1, ARRAY[${err(`${minute(1)} + interval '9 seconds'`)}]),
          ('k', 'a', 'available', '{}', 25, NULL, 0, NULL)`,
      );
      const check = async (stats: Awaited<ReturnType<typeof client.jobStats>>) => {
        expect(stats.counts).toEqual([
          { queue: "a", state: "available", count: 1 },
          { queue: "a", state: "completed", count: 2 },
          { queue: "a", state: "retryable", count: 1 },
          { queue: "b", state: "completed", count: 2 },
          { queue: "b", state: "discarded", count: 1 },
        ]);
        const [m2, m1] = stats.minutes;
        expect(stats.minutes).toHaveLength(2);
        expect(m1!.minute.getTime() - m2!.minute.getTime()).toBe(60_000);
        expect(m2).toMatchObject({ completed: 2, failed: 1, discarded: 0 });
        // The discarded job's earlier error (30 minutes ago) is outside the window; its last one is in.
        expect(m1).toMatchObject({ completed: 1, failed: 2, discarded: 1 });
        expect(stats.now).toBeInstanceOf(Date);
      };
      await check(await client.jobStats({ since }));
      await ctx.fx.inTransaction(async (tx) => check(await client.jobStats({ since }, { tx })));
      await expect(client.jobStats({ since: new Date("x") })).rejects.toThrow(/^params\.since:/);
    });
  });
}
