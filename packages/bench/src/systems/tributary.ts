import { Client, type JobRow, migrate, type Plugin } from "@tributary/core";
import { workerPoolSize } from "./bench-pool.js";
import { BENCH_KIND, type BenchJob } from "../bench-job.js";
import type { BenchSystem, JobCounts, JobHandler } from "../bench-system.js";
import type { NoopOtel } from "./noop-otel.js";
import { BUSINESS_TABLE_SQL, type OpenKit, type TributaryKit } from "./tributary-kit.js";
import { benchQueues } from "./bench-queues.js";

/** Options of a Tributary system. */
export interface TributarySystemOptions {
  /** LISTEN for inserts (default true); false measures the polling-only fallback. */
  listen?: boolean;
  /** The client's `pollInterval` in milliseconds (undefined = the client's default, 1 s). */
  pollIntervalMs?: number;
  /** The worker queue's `fetchAhead` (undefined = the client's default). */
  fetchAhead?: number;
  /** Install the OTel plugin on both clients, with SDK providers that export to no-op exporters. */
  otel?: boolean;
}

/**
 * Tributary on one database library: `client.insert` / `insertMany` to enqueue, a second
 * client with `queues.default.maxWorkers = concurrency` to process, `insertTx` inside the
 * library's own transaction for the transactional scenario.
 */
export function tributarySystem<TTx>(openKit: OpenKit<TTx>, options: TributarySystemOptions = {}): BenchSystem {
  const listen = options.listen ?? true;
  let url = "";
  let kit: TributaryKit<TTx> | undefined;
  let client: Client<TTx> | undefined;
  let workerKit: TributaryKit<TTx> | undefined;
  let worker: Client<TTx> | undefined;
  let otel: NoopOtel | undefined;
  const plugins = (): Plugin[] => (otel ? [otel.plugin] : []);

  return {
    async setup(dbUrl) {
      url = dbUrl;
      if (options.otel) otel = await (await import("./noop-otel.js")).noopOtel();
      kit = await openKit(dbUrl, { listen, poolSize: 10 });
      await migrate(kit.driver, {});
      await kit.driver.executor().query(BUSINESS_TABLE_SQL);
      // Insert-only: no queues, so it never fetches or elects a leader.
      client = new Client({ driver: kit.driver, middleware: [], plugins: plugins() });
    },
    async insertOne(job) {
      await client!.insert(BENCH_KIND, job);
    },
    async bulkInsert(jobs) {
      await client!.insertMany(jobs.map((args) => ({ kind: BENCH_KIND, args })));
    },
    async startWorker(concurrency: number, handler: JobHandler) {
      workerKit = await openKit(url, { listen, poolSize: workerPoolSize(concurrency) });
      worker = new Client({
        driver: workerKit.driver,
        middleware: [],
        plugins: plugins(),
        queues: benchQueues(concurrency, options.fetchAhead),
        workers: {
          [BENCH_KIND]: async (job: JobRow<BenchJob>) => {
            handler(job.args);
          },
        },
        ...(options.pollIntervalMs === undefined ? {} : { pollInterval: options.pollIntervalMs }),
      });
      await worker.start();
    },
    async stopWorker() {
      await worker?.stop();
      await workerKit?.close();
      worker = undefined;
      workerKit = undefined;
    },
    async preloadQueued(count: number) {
      // The rows insertMany writes for { i } args of the bench kind; the table's defaults fill the rest.
      await kit!.driver.executor().query(
        `INSERT INTO river_job (args, kind, max_attempts, queue, priority, state, scheduled_at)
         SELECT jsonb_build_object('i', i), $1::text, 25, 'default', 1, 'available', now() FROM generate_series(0, $2::int - 1) AS i`,
        [BENCH_KIND, count],
      );
    },
    async countJobs(): Promise<JobCounts> {
      const rows = await kit!.driver.executor().query<{ total: string; completed: string; failed: string }>(
        `SELECT count(*)::text AS total,
                count(*) FILTER (WHERE state = 'completed')::text AS completed,
                count(*) FILTER (WHERE state IN ('retryable', 'discarded') OR coalesce(array_length(errors, 1), 0) > 0)::text AS failed
           FROM river_job`,
      );
      const row = rows[0]!;
      return { total: Number(row.total), completed: Number(row.completed), failed: Number(row.failed) };
    },
    async businessTransaction(job: BenchJob | undefined) {
      await kit!.businessTransaction(
        job === undefined
          ? undefined
          : async (tx) => {
              await client!.insertTx(tx, BENCH_KIND, job);
            },
      );
    },
    async teardown() {
      await worker?.stop();
      await workerKit?.close();
      // Cancels a pending trailing insert notification before its pool goes away.
      await client?.stop();
      await kit?.close();
      await otel?.shutdown();
    },
  };
}
