/** Driver conformance for exact job JSON and River-identical unique keys, run through a driver's real library. */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client } from "../client/client.js";
import type { JobRow } from "../job/job-row.js";
import type { Logger } from "../base/logger.js";
import { migrate } from "../migrate/migrate.js";
import type { ConformanceFixture, ConformanceTarget } from "./conformance-target.js";
import { InvalidArgumentError } from "../base/errors.js";
import { representableUniqueKeyGoldens, UNSTORABLE_GOLDENS } from "./river-unique-key-goldens.js";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Args a Go process may write: int64 extremes beyond 2^53, a negative zero, and the same
 * inside nested values. Sent as SQL text, so no library's JSON handling touches them.
 */
const GO_WRITTEN_ARGS =
  '{"max": 9223372036854775807, "min": -9223372036854775808, "zero": -0, "safe": 9007199254740991, "ratio": 1.5,' +
  ' "nested": {"ids": [9223372036854775807, -9223372036854775808, -0]}}';
const GO_WRITTEN_METADATA = '{"trace_id": 18446744073709551615}';

/** What those args must read as. PostgreSQL's jsonb has no negative zero: `-0` is stored, and read, as `0`. */
const EXPECTED_ARGS = {
  max: 9223372036854775807n,
  min: -9223372036854775808n,
  zero: 0,
  safe: 9007199254740991,
  ratio: 1.5,
  nested: { ids: [9223372036854775807n, -9223372036854775808n, 0] },
};
const EXPECTED_METADATA = { trace_id: 18446744073709551615n };

/**
 * Proves, through one driver: every representable River golden unique key is stored byte for
 * byte (`unique_key`, `unique_states`) by a real insert, one at a time and as one batch in the
 * library's own transaction; and args holding 64-bit integers and `-0`, written by raw SQL,
 * come back exactly through `getJob`, `listJobs` and a worker, and are written back exactly;
 * and what an insert returns for such numbers is what a later read returns. Works in a fresh schema it creates and drops. `runDriverConformance` runs it.
 */
export function runExactJsonAndUniqueKeyConformance<TTx>(target: ConformanceTarget<TTx>, options: { databaseUrl?: string } = {}): void {
  describe(`exact JSON and unique keys: ${target.name}`, () => {
    let fx: ConformanceFixture<TTx>;
    let schema: string;
    let client: Client<TTx>;
    let worker: Client<TTx> | undefined;

    const sql = async <R>(text: string, params: unknown[] = []): Promise<R[]> =>
      fx.driver.executor().query<R>(text.replaceAll("$schema", `"${schema}"`), params);
    const storedKey = async (id: string) =>
      (await sql<{ key: string; states: string }>("SELECT encode(unique_key, 'hex') AS key, unique_states::text AS states FROM $schema.river_job WHERE id = $1::text::bigint", [id]))[0];
    /** A job written the way a Go process writes it: by SQL, not through Tributary. */
    const insertRaw = async (kind: string, queue: string): Promise<string> =>
      (await sql<{ id: string }>(`INSERT INTO $schema.river_job (kind, queue, max_attempts, args, metadata) VALUES ($1::text, $2::text, 25, '${GO_WRITTEN_ARGS}', '${GO_WRITTEN_METADATA}') RETURNING id::text AS id`, [kind, queue]))[0]!.id;
    /** True when both rows hold the same args and metadata, compared as PostgreSQL stores them. */
    const sameJson = async (a: string, b: string) =>
      (
        await sql<{ same: boolean }>(
          "SELECT (x.args::text = y.args::text AND x.metadata::text = y.metadata::text) AS same FROM $schema.river_job x, $schema.river_job y WHERE x.id = $1::text::bigint AND y.id = $2::text::bigint",
          [a, b],
        )
      )[0]?.same;
    const expectExact = (job: JobRow | null | undefined) => {
      expect(job?.args).toEqual(EXPECTED_ARGS);
      expect(job?.metadata).toEqual(EXPECTED_METADATA);
    };

    beforeAll(async () => {
      fx = await target.setup(options.databaseUrl ?? process.env.TEST_DATABASE_URL ?? "");
      schema = `conf_${randomBytes(5).toString("hex")}`;
      await migrate(fx.driver, { schema, logger: quiet });
      client = new Client<TTx>({ driver: fx.driver, schema, logger: quiet });
    });
    afterAll(async () => {
      await worker?.stop({ cancel: true });
      await fx?.driver.executor().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await fx?.teardown();
    });
    beforeEach(async () => {
      await sql("DELETE FROM $schema.river_job");
    });
    afterEach(async () => {
      await worker?.stop({ cancel: true });
      worker = undefined;
    });

    const representable = representableUniqueKeyGoldens();
    const goldens = representable.filter((g) => !(g.name in UNSTORABLE_GOLDENS));
    const unstorable = representable.filter((g) => g.name in UNSTORABLE_GOLDENS);

    it.each(goldens.map((g) => [g.name, g] as const))("River golden %s: insert stores River's unique_key and unique_states", async (_name, g) => {
      const { job } = await client.insert(g.kind, g.args, { queue: g.queue, scheduledAt: g.scheduledAt, unique: g.unique });
      expect(await storedKey(job.id)).toEqual({ key: g.expectedKeyHex, states: g.expectedStates });
    });

    it.each(unstorable.map((g) => [g.name, UNSTORABLE_GOLDENS[g.name]!, g] as const))(
      "River golden %s cannot be stored (%s): insert refuses it naming the field and writes nothing",
      async (_name, _why, g) => {
        const err = await client.insert(g.kind, g.args, { queue: g.queue, scheduledAt: g.scheduledAt, unique: g.unique }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).field).toBe("args.controls");
        expect((await sql<{ n: number }>("SELECT count(*)::int AS n FROM $schema.river_job"))[0]!.n).toBe(0);
      },
    );

    it("every River golden, inserted as one batch in the library's transaction, stores River's bytes", async () => {
      const results = await fx.inTransaction((tx) =>
        client.insertManyTx(
          tx,
          goldens.map((g) => ({ kind: g.kind, args: g.args, opts: { queue: g.queue, scheduledAt: g.scheduledAt, unique: g.unique } })),
        ),
      );
      for (const [i, g] of goldens.entries()) {
        expect({ name: g.name, ...(await storedKey(results[i]!.job.id)) }).toEqual({ name: g.name, key: g.expectedKeyHex, states: g.expectedStates });
      }
    });

    it("64-bit integers and -0 written by raw SQL come back exactly through getJob and listJobs, and are written back exactly", async () => {
      const id = await insertRaw("go_written", "exact_reads");
      const got = await client.getJob(id);
      expectExact(got);
      const listed = (await client.listJobs({ queue: "exact_reads" })).find((j) => j.id === id);
      expectExact(listed);
      for (const read of [got!, listed!]) {
        const { job } = await client.insert("written_back", read.args, { queue: "exact_reads", metadata: read.metadata });
        expect(await sameJson(id, job.id)).toBe(true);
      }
    });

    it("what an insert returns for bigints, -0 and 1e21 is what a later read returns", async () => {
      const args = { max: 9223372036854775807n, zero: -0, e21: 1e21, half: 0.5, nested: [{ min: -9223372036854775808n }] };
      const { job } = await fx.inTransaction((tx) => client.insertTx(tx, "exact_insert", args, { metadata: { big: 18446744073709551615n } }));
      const read = await client.getJob(job.id);
      expect(job.args).toEqual(read?.args);
      expect(job.metadata).toEqual(read?.metadata);
      expect(read?.args).toEqual({ max: 9223372036854775807n, zero: 0, e21: 10n ** 21n, half: 0.5, nested: [{ min: -9223372036854775808n }] });
    });

    it("64-bit integers and -0 written by raw SQL reach a worker exactly, and a job it inserts from them stores them exactly", async () => {
      let seen: JobRow | undefined;
      let copyId: string | undefined;
      worker = new Client<TTx>({
        driver: fx.driver,
        schema,
        logger: quiet,
        pollInterval: 250,
        queues: { exact_work: { maxWorkers: 1 } },
        // The copy it inserts is of a kind this client has no worker for.
        skipUnknownJobCheck: true,
        workers: {
          go_written: async (job, ctx) => {
            seen = job;
            const copy = await (ctx.client as Client<TTx>).insert("written_back", job.args, { queue: "exact_copies", metadata: job.metadata });
            copyId = copy.job.id;
          },
        },
      });
      const id = await insertRaw("go_written", "exact_work");
      await worker.start();
      const deadline = Date.now() + 10_000;
      while ((await client.getJob(id))?.state !== "completed") {
        if (Date.now() > deadline) throw new Error("timed out waiting for the worker to complete the job");
        await new Promise((r) => setTimeout(r, 20));
      }
      expectExact(seen);
      expect(await sameJson(id, copyId!)).toBe(true);
    });
  });
}
