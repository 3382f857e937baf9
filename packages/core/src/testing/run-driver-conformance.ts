import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client } from "../client.js";
import type { ClientConfig } from "../client-config.js";
import type { JobRow } from "../job-row.js";
import type { Logger } from "../logger.js";
import { migrate } from "../migrate/migrate.js";
import type { ConformanceFixture, ConformanceTarget } from "./conformance-target.js";
import { runExactJsonAndUniqueKeyConformance } from "./exact-json-and-unique-keys.js";

/** Options of {@link runDriverConformance}. */
export interface ConformanceOptions {
  /** Database to test against. Default: `process.env.TEST_DATABASE_URL`. */
  databaseUrl?: string;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Thrown inside a native transaction to make the library roll it back. */
class Rollback extends Error {}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The driver conformance suite: every behaviour Tributary promises, run through one driver.
 * A driver package calls this from a vitest test file; passing it is what makes a driver
 * acceptable. Each run works in a fresh schema it creates and drops.
 *
 * @example
 * runDriverConformance({
 *   name: "pg",
 *   async setup(url) {
 *     const pool = new pg.Pool({ connectionString: url });
 *     return { driver: pgDriver(pool), inTransaction: (fn) => withPgTransaction(pool, fn), teardown: () => pool.end() };
 *   },
 * });
 */
export function runDriverConformance<TTx>(target: ConformanceTarget<TTx>, options: ConformanceOptions = {}): void {
  describe(`driver conformance: ${target.name}`, () => {
    let fx: ConformanceFixture<TTx>;
    let schema: string;
    let client: Client<TTx>;
    const extraClients: Client<TTx>[] = [];

    const sql = async <R>(text: string, params: unknown[] = []): Promise<R[]> =>
      fx.driver.executor().query<R>(text.replaceAll("$schema", `"${schema}"`), params);
    const count = async (where = "true", params: unknown[] = []) =>
      (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.river_job WHERE ${where}`, params))[0]!.n;
    const workingClient = (config: Partial<ClientConfig<TTx>>): Client<TTx> => {
      const c = new Client<TTx>({ driver: fx.driver, schema, logger: quiet, pollInterval: 250, ...config });
      extraClients.push(c);
      return c;
    };

    beforeAll(async () => {
      const url = options.databaseUrl ?? process.env.TEST_DATABASE_URL ?? "";
      fx = await target.setup(url);
      schema = `conf_${randomBytes(5).toString("hex")}`;
      await migrate(fx.driver, { schema, logger: quiet });
      client = new Client<TTx>({ driver: fx.driver, schema, logger: quiet });
    });
    afterAll(async () => {
      await Promise.all(extraClients.map((c) => c.stop({ cancel: true })));
      await fx?.driver.executor().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await fx?.teardown();
    });
    beforeEach(async () => {
      await Promise.all(extraClients.splice(0).map((c) => c.stop({ cancel: true })));
      await sql("DELETE FROM $schema.river_job");
      await sql("DELETE FROM $schema.river_queue");
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
      await sql(
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
      expect(await count()).toBe(51);
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
      expect(await count()).toBe(152);
    });

    it("insertTx commits with the library's transaction and disappears with its rollback", async () => {
      const committed = await fx.inTransaction(async (tx) => (await client.insertTx(tx, "tx_job", { ok: true })).job);
      expect(await client.getJob(committed.id)).toMatchObject({ kind: "tx_job", state: "available" });
      await expect(
        fx.inTransaction(async (tx) => {
          await client.insertManyTx(tx, [
            { kind: "tx_rolled_back", args: {} },
            { kind: "tx_rolled_back", args: {} },
          ]);
          // Invisible outside the transaction (a single-connection library cannot look from outside).
          if (!target.singleConnection) expect(await count("kind = 'tx_rolled_back'")).toBe(0);
          throw new Rollback("roll back");
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await count("kind = 'tx_rolled_back'")).toBe(0);
    });

    it("a wrong object as tx gives INVALID_TRANSACTION and writes nothing", async () => {
      for (const wrong of [null, undefined, 42, "tx", {}]) {
        await expect(client.insertTx(wrong as TTx, "never", {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
      }
      expect(await count()).toBe(0);
    });

    it("a transaction already committed gives INVALID_TRANSACTION and writes nothing", async () => {
      const leaked = await fx.inTransaction(async (tx) => tx);
      await expect(client.insertTx(leaked, "after_commit", {})).rejects.toMatchObject({ code: "INVALID_TRANSACTION" });
      expect(await count()).toBe(0);
    });

    it("works jobs: completes them, retries a failure, records its error", async () => {
      let failOnce = true;
      const worker = workingClient({
        retryPolicy: () => new Date(Date.now() + 10),
        queues: { default: { maxWorkers: 5 } },
        workers: {
          ok: async () => {},
          flaky: async () => {
            if (failOnce) {
              failOnce = false;
              throw new Error("first attempt fails");
            }
          },
        },
      });
      await client.insertMany([...Array.from({ length: 20 }, () => ({ kind: "ok", args: {} })), { kind: "flaky", args: {} }]);
      await worker.start();
      await waitFor("21 completed", async () => (await count("state = 'completed'")) === 21);
      const [flaky] = await worker.listJobs({ kind: "flaky" });
      expect(flaky).toMatchObject({ attempt: 2, state: "completed", attemptedBy: [worker.id, worker.id] });
      expect(flaky!.errors).toEqual([{ at: expect.any(Date), attempt: 1, error: "first attempt fails", trace: expect.stringContaining("Error") }]);
      expect(flaky!.finalizedAt).toBeInstanceOf(Date);
    });

    it("a committed insertTx wakes a worker; a rolled-back one is never worked", async () => {
      const seen: string[] = [];
      const worker = workingClient({ pollInterval: 400, queues: { default: { maxWorkers: 2 } }, workers: { wake: async (job) => void seen.push(String(job.args.which)) } });
      await worker.start();
      await expect(
        fx.inTransaction(async (tx) => {
          await client.insertTx(tx, "wake", { which: "rolled-back" });
          throw new Rollback("roll back");
        }),
      ).rejects.toBeInstanceOf(Rollback);
      const started = Date.now();
      await fx.inTransaction((tx) => client.insertTx(tx, "wake", { which: "committed" }));
      await waitFor("the committed job worked", async () => seen.includes("committed"), 5_000);
      expect(Date.now() - started).toBeLessThan(fx.driver.capabilities.listen ? 1_000 : 2_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual(["committed"]);
    });

    it("completeTx completes a running job with the transaction, and not without it", async () => {
      const attempts: number[] = [];
      const worker = workingClient({
        retryPolicy: () => new Date(Date.now() + 10),
        queues: { default: { maxWorkers: 1 } },
        workers: {
          tx_complete: async (job, ctx) => {
            attempts.push(job.attempt);
            const c = ctx.client as Client<TTx>;
            await fx.inTransaction(async (tx) => {
              const done = await c.completeTx(tx, job);
              expect(done?.state).toBe("completed");
              if (job.attempt === 1) throw new Rollback("business write failed");
            });
          },
        },
      });
      const { job } = await client.insert("tx_complete", {});
      await worker.start();
      await waitFor("completed", async () => (await client.getJob(job.id))?.state === "completed");
      expect(attempts).toEqual([1, 2]);
      const row = (await client.getJob(job.id))!;
      expect(row.errors.map((e) => e.error)).toEqual(["business write failed"]);
    });

    it("cancelJob ends a running job cancelled and aborts its signal", async () => {
      let aborted = false;
      const worker = workingClient({
        queues: { default: { maxWorkers: 1 } },
        workers: {
          long: (_job, ctx) =>
            new Promise((_resolve, reject) => {
              ctx.signal.addEventListener("abort", () => {
                aborted = true;
                reject(ctx.signal.reason);
              });
            }),
        },
      });
      const { job } = await client.insert("long", {});
      await worker.start();
      await waitFor("running", async () => (await client.getJob(job.id))?.state === "running");
      await client.cancelJob(job.id); // another client: reaches the worker by notification or polling
      await waitFor("cancelled", async () => (await client.getJob(job.id))?.state === "cancelled");
      expect(aborted).toBe(true);
      const waiting = await client.insert("long", {}, { scheduledAt: new Date(Date.now() + 60_000) });
      expect((await client.cancelJob(waiting.job.id)).state).toBe("cancelled");
    });
  });
  runExactJsonAndUniqueKeyConformance(target, options);
}
