// The helpers on all five libraries: what they find, what they refuse and what their failure messages name.
import { AssertionError } from "node:assert";
import { cancel, type Client, defineJob, isTributaryError, type Middleware, snooze } from "@tributary/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  markJobs,
  requireInserted,
  requireInsertedTx,
  requireManyInserted,
  requireNotInserted,
  workJob,
} from "../src/index.js";
import { LIBRARIES, type LibraryFixture, openLibrary } from "./support/libraries.js";

const sendEmail = defineJob<{ to: string; template: { name: string; locale: string }; cc?: string[] }>("send_email", { queue: "mail" });

/** Resolves with what `run` threw, failing the test when it did not throw an AssertionError. */
async function assertionFrom(run: () => Promise<unknown>): Promise<AssertionError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AssertionError);
  return err as AssertionError;
}

describe.each(LIBRARIES)("on %s", (name) => {
  let lib: LibraryFixture;
  let client: Client<unknown>;
  /** What the worker's middleware saw, to prove workJob runs the client's middleware around the worker. */
  const middlewareSaw: string[] = [];
  /** The transaction the current test works jobs in, for workers that use it themselves. */
  let currentTx: unknown;

  beforeAll(async () => {
    lib = await openLibrary(name);
    const recording: Middleware = {
      name: "recording",
      async work(job, ctx, next) {
        middlewareSaw.push(`${job.kind}:${job.attempt}`);
        ctx.setMetadata({ traced: true });
        return next();
      },
    };
    client = lib.client({
      middleware: [recording],
      workers: {
        send_email: async (job, ctx) => {
          const sent = await ctx.step("render", async () => `rendered ${job.args.template.name}`);
          ctx.logger.info("sending");
          if (job.args.to.endsWith("@fails.example")) throw new Error(`mailbox ${job.args.to} is full`);
          if (job.args.to.endsWith("@later.example")) return snooze(60_000);
          ctx.recordOutput({ sent, signal: ctx.signal.aborted ? "aborted" : "live" });
          // A follow-up job from inside the worker: in workJob's transaction it joins that transaction.
          await (ctx.client as Client<unknown>).insert("audit", { event: "emailed", to: job.args.to });
          return undefined;
        },
        audit: async () => undefined,
        obsolete: async () => cancel("no longer needed"),
        slow: {
          jobTimeout: 50,
          work: async (_job, ctx) => {
            await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
            throw new Error("gave up");
          },
        },
        // River's JobCompleteTx pattern: the worker completes its job in the business transaction.
        completes_itself: async (job) => {
          await client.completeTx(currentTx, job);
          return undefined;
        },
        breaks_tx: async () => {
          // A statement that fails aborts the transaction; the worker swallows the error.
          await client.driver
            .unwrapTx(currentTx)
            .query("SELECT 1 / 0 AS boom")
            .catch(() => {});
          return undefined;
        },
      },
    });
  });

  afterAll(async () => {
    await lib.close();
  });

  it("requireInsertedTx finds the job by partial, deep args inside the test's transaction, and the rollback takes it away", async () => {
    await lib.rollback(async (tx) => {
      const { job: inserted } = await client.insertTx(tx, sendEmail, { to: "ada@example.com", template: { name: "welcome", locale: "en" } }, { priority: 2, tags: ["signup"] });
      const found = await requireInsertedTx(client, tx, sendEmail, { args: { template: { name: "welcome" } }, queue: "mail", priority: 2, tags: ["signup"], state: "available" });
      expect(found.id).toBe(inserted.id);
      expect(found.args.to).toBe("ada@example.com");
    });
    await requireNotInserted(client, sendEmail);
    const err = await assertionFrom(() => requireInserted(client, sendEmail));
    expect(err.message).toMatch(/expected a "send_email" job, but no "send_email" job was inserted/);
  });

  it("a failed requireInserted names every field that differed, for each job of the kind", async () => {
    await lib.rollback(async (tx) => {
      const { job: a } = await client.insertTx(tx, sendEmail, { to: "ada@example.com", template: { name: "welcome", locale: "en" } });
      const { job: b } = await client.insertTx(tx, sendEmail, { to: "bob@example.com", template: { name: "reset", locale: "fr" } }, { queue: "default" });
      const err = await assertionFrom(() => requireInsertedTx(client, tx, sendEmail, { args: { to: "cy@example.com", template: { locale: "de" } }, queue: "mail" }));
      expect(err.message).toContain('none of the 2 "send_email" job(s) matched');
      expect(err.message).toContain(`job ${a.id}: args.to: expected 'cy@example.com', got 'ada@example.com'; args.template.locale: expected 'de', got 'en'`);
      expect(err.message).toContain(`job ${b.id}: args.to: expected 'cy@example.com', got 'bob@example.com'; args.template.locale: expected 'de', got 'fr'; queue: expected 'mail', got 'default'`);
      expect(err.expected).toEqual({ args: { to: "cy@example.com", template: { locale: "de" } }, queue: "mail" });
    });
  });

  it("requireInserted refuses two matches, and says when only other kinds were inserted", async () => {
    await lib.rollback(async (tx) => {
      const first = await client.insertTx(tx, sendEmail, { to: "ada@example.com", template: { name: "welcome", locale: "en" } });
      const second = await client.insertTx(tx, sendEmail, { to: "ada@example.com", template: { name: "reset", locale: "en" } });
      const twice = await assertionFrom(() => requireInsertedTx(client, tx, sendEmail, { args: { to: "ada@example.com" } }));
      expect(twice.message).toContain(`found 2: jobs ${first.job.id}, ${second.job.id}`);
      const none = await assertionFrom(() => requireInsertedTx(client, tx, "audit"));
      expect(none.message).toContain('expected a "audit" job in the transaction, but no "audit" job was inserted; jobs of other kinds were: "send_email" ×2');
    });
  });

  it("requireNotInserted fails listing the jobs that matched", async () => {
    await lib.rollback(async (tx) => {
      const { job } = await client.insertTx(tx, sendEmail, { to: "ada@example.com", template: { name: "welcome", locale: "en" } });
      await requireNotInserted(client, sendEmail, { tx, args: { to: "bob@example.com" } });
      const err = await assertionFrom(() => requireNotInserted(client, sendEmail, { tx, args: { to: "ada@example.com" } }));
      expect(err.message).toContain(`expected no "send_email" job with { args: { to: 'ada@example.com' } } in the transaction, found 1:\n  job ${job.id}: `);
    });
  });

  it("requireManyInserted asserts the exact sequence, ignoring other kinds, and shows both sequences when it differs", async () => {
    await lib.rollback(async (tx) => {
      await client.insertTx(tx, sendEmail, { to: "ada@example.com", template: { name: "welcome", locale: "en" } });
      await client.insertTx(tx, "audit", { event: "signed_up" });
      await lib.client().insertTx(tx, "other", { ignored: true });
      await client.insertTx(tx, sendEmail, { to: "bob@example.com", template: { name: "welcome", locale: "en" } });
      const jobs = await requireManyInserted(
        client,
        [
          { job: sendEmail, args: { to: "ada@example.com" } },
          { job: "audit", args: { event: "signed_up" } },
          { job: sendEmail, args: { to: "bob@example.com" }, queue: "mail" },
        ],
        { tx },
      );
      expect(jobs.map((j) => j.kind)).toEqual(["send_email", "audit", "send_email"]);

      const swapped = await assertionFrom(() => requireManyInserted(client, [{ job: "audit" }, { job: sendEmail }, { job: sendEmail }], { tx }));
      expect(swapped.message).toContain('expected: ["audit", "send_email", "send_email"]\n  found:    ["send_email", "audit", "send_email"]');
      expect(swapped.message).toContain(`[0] job ${jobs[0]!.id}: kind: expected "audit", got "send_email"`);

      const short = await assertionFrom(() => requireManyInserted(client, [{ job: sendEmail }, { job: "audit", args: { event: "deleted" } }], { tx }));
      expect(short.message).toContain(`[1] job ${jobs[1]!.id}: args.event: expected 'deleted', got 'signed_up'`);
      expect(short.message).toContain(`[2] unexpected job ${jobs[2]!.id} of kind "send_email"`);
    });
  }, 20_000);

  it("with { since: markJobs(…) } the helpers only see jobs inserted after the mark", async () => {
    const before = await lib.commit((tx) => client.insertTx(tx, sendEmail, { to: "old@example.com", template: { name: "welcome", locale: "en" } }));
    const since = await markJobs(client);
    expect(since.afterId).toBe(before.job.id);
    await requireNotInserted(client, sendEmail, { since });
    await lib.rollback(async (tx) => {
      await client.insertTx(tx, sendEmail, { to: "new@example.com", template: { name: "welcome", locale: "en" } });
      const found = await requireInsertedTx(client, tx, sendEmail, { since });
      expect(found.args.to).toBe("new@example.com");
      const err = await assertionFrom(() => requireInsertedTx(client, tx, sendEmail, { since, args: { to: "old@example.com" } }));
      expect(err.message).toContain(`(after job ${before.job.id})`);
    });
    await client.deleteJob(before.job.id);
  });

  it("workJob in the test's transaction runs the worker with its real context and middleware, records the outcome, and the rollback removes everything", async () => {
    middlewareSaw.length = 0;
    await lib.rollback(async (tx) => {
      const { outcome, job } = await workJob(client, sendEmail, { to: "ada@example.com", template: { name: "welcome", locale: "en" } }, { tx, priority: 3 });
      expect(outcome).toBe("completed");
      expect(job).toMatchObject({ kind: "send_email", state: "completed", attempt: 1, priority: 3, queue: "mail", errors: [] });
      expect(job.finalizedAt).toBeInstanceOf(Date);
      expect(job.output).toEqual({ sent: "rendered welcome", signal: "live" });
      expect(job.metadata).toMatchObject({ traced: true });
      expect(middlewareSaw).toEqual(["send_email:1"]);
      // The row is stored that way in the transaction, and the worker's follow-up insert joined it.
      expect((await client.getJob(job.id, { tx }))?.state).toBe("completed");
      await requireInsertedTx(client, tx, "audit", { args: { event: "emailed", to: "ada@example.com" } });
    });
    await requireNotInserted(client, sendEmail);
    await requireNotInserted(client, "audit");
  });

  it("workJob records a failure, a discard and a snooze as the runtime does, and returns the error", async () => {
    await lib.rollback(async (tx) => {
      const failed = await workJob(client, sendEmail, { to: "ada@fails.example", template: { name: "welcome", locale: "en" } }, { tx });
      expect(failed.outcome).toBe("failed");
      expect(failed.error).toBeInstanceOf(Error);
      expect(failed.job.state === "available" || failed.job.state === "retryable").toBe(true);
      expect(failed.job.errors).toMatchObject([{ attempt: 1, error: "mailbox ada@fails.example is full" }]);
      // River's resumable steps: the finished step is kept for the retry.
      expect(failed.job.metadata["river:resumable_step"]).toBe("render");

      const discarded = await workJob(client, sendEmail, { to: "bob@fails.example", template: { name: "welcome", locale: "en" } }, { tx, maxAttempts: 1 });
      expect(discarded.outcome).toBe("discarded");
      expect(discarded.job.state).toBe("discarded");

      const snoozed = await workJob(client, sendEmail, { to: "cy@later.example", template: { name: "welcome", locale: "en" } }, { tx });
      expect(snoozed.outcome).toBe("snoozed");
      expect(snoozed.job.state).toBe("scheduled");
    });
  });

  it("workJob records a cancel, a timeout, and a job the worker completed itself in the transaction", async () => {
    await lib.rollback(async (tx) => {
      currentTx = tx;
      const cancelled = await workJob(client, "obsolete", {}, { tx });
      expect(cancelled.outcome).toBe("cancelled");
      expect(cancelled.job.state).toBe("cancelled");

      const timedOut = await workJob(client, "slow", {}, { tx });
      expect(timedOut.outcome).toBe("failed");
      expect(timedOut.job.errors[0]?.error).toMatch(/timed out after 50 ms/);

      const selfCompleted = await workJob(client, "completes_itself", {}, { tx });
      expect(selfCompleted.outcome).toBe("completed");
      expect(selfCompleted.job).toMatchObject({ state: "completed", attempt: 1 });
    });
  });

  it("workJob rejects with the database's own error when the outcome cannot be written (an aborted transaction)", async () => {
    await lib.rollback(async (tx) => {
      currentTx = tx;
      const err = await workJob(client, "breaks_tx", {}, { tx }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(AssertionError);
      // Each driver names the problem: "the transaction passed has already failed …".
      expect((err as Error).message).toMatch(/transaction passed has already failed/);
    });
  });

  it("bad input is a typed INVALID_ARGUMENT naming the argument, before anything is read or written", async () => {
    const notAKind = await requireInserted(client, { name: "send_email" } as never).catch((e: unknown) => e);
    expect(isTributaryError(notAKind, "INVALID_ARGUMENT")).toBe(true);
    expect((notAKind as Error).message).toBe("requireInserted: job: must be a kind string or a job definition from defineJob, got [object Object]");
    const empty = await requireManyInserted(client, []).catch((e: unknown) => e);
    expect((empty as Error).message).toBe("requireManyInserted: expected: must be a non-empty list of { job, args?, … }");
    const second = await requireManyInserted(client, [{ job: "audit" }, { job: "" }]).catch((e: unknown) => e);
    expect((second as Error).message).toMatch(/^requireManyInserted: expected\[1\]: job: must be a kind string/);
    const work = await workJob(client, 42 as never, {}).catch((e: unknown) => e);
    expect(isTributaryError(work, "INVALID_ARGUMENT")).toBe(true);
  });

  it("workJob without a transaction commits, like the runtime, and emits its events and workOutcome hooks; in a transaction neither", async () => {
    const outcomes: string[] = [];
    const completed: string[] = [];
    const observed = lib.client({
      hooks: { workOutcome: ({ job, outcome }) => void outcomes.push(`${job.id}:${outcome}`) },
      workers: { audit: async () => undefined },
    });
    const off = observed.on("job:completed", ({ job }) => void completed.push(job.id));
    try {
      await lib.rollback(async (tx) => {
        await workJob(observed, "audit", { event: "in a transaction" }, { tx });
      });
      const { outcome, job } = await workJob(observed, "audit", { event: "committed" });
      expect(outcome).toBe("completed");
      expect((await client.getJob(job.id))?.state).toBe("completed");
      expect(completed).toEqual([job.id]);
      await expect.poll(() => outcomes).toEqual([`${job.id}:completed`]);
      await client.deleteJob(job.id);
    } finally {
      off();
    }
  });

  it("client.workJobNow refuses a kind this client has no worker for, and a finalized job, writing nothing", async () => {
    const insertOnly = lib.client();
    await lib.rollback(async (tx) => {
      const { job } = await insertOnly.insertTx(tx, "unregistered", { n: 1 });
      const unknown = await client.workJobNow(job.id, { tx }).catch((e: unknown) => e);
      expect(isTributaryError(unknown, "UNKNOWN_JOB_KIND")).toBe(true);
      expect((await client.getJob(job.id, { tx }))?.state).toBe("available");
      const done = await workJob(client, "audit", { event: "once" }, { tx });
      const again = await client.workJobNow(done.job.id, { tx }).catch((e: unknown) => e);
      expect(isTributaryError(again, "INVALID_ARGUMENT")).toBe(true);
      expect((again as Error).message).toContain("is completed; only a job waiting to run can be worked");
    });
  });
});
