// Figures for the pooler README section: jobs/s through PgBouncer (transaction mode) vs direct, and enqueue→start latency with and without a direct listener.
import { Client, migrate } from "@tributary/core";
import { startPrivateCluster } from "@tributary/test-db";
import { directListener } from "../test/support/direct-listener.js";
import { DRIVER_CASES } from "../test/support/driver-cases.js";
import { startPgBouncer } from "../test/support/pgbouncer.js";
import { createSuiteSchema, type SuiteSchema } from "../test/support/suite-schema.js";

const CLIENTS = 8;
const JOBS = Number(process.env.MEASURE_JOBS ?? 10_000);
const ROUNDS = Number(process.env.MEASURE_ROUNDS ?? 3);
const LATENCY_JOBS = 60;
const pgCase = DRIVER_CASES.find((c) => c.name === "pg")!;

/** The clients poll on purpose here: their "cannot LISTEN" notice is not news. */
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** 8 clients (2 connections each) work JOBS pre-inserted jobs; jobs per second from the first start to the last completion. */
async function throughput(url: string, schema: SuiteSchema): Promise<number> {
  await schema.query(`DELETE FROM "${schema.name}".river_job`);
  const seed = pgCase.open(url, { max: 4, prepare: false });
  const inserter = new Client({ driver: seed.driver, schema: schema.name });
  for (let i = 0; i < JOBS; i += 1_000) {
    await inserter.insertMany(Array.from({ length: 1_000 }, (_, n) => ({ kind: "noop", args: { n: i + n } })));
  }
  await seed.close();
  const libs = Array.from({ length: CLIENTS }, () => pgCase.open(url, { max: 2, prepare: false }));
  const clients = libs.map(
    (l) =>
      new Client({
        driver: l.driver,
        schema: schema.name,
        queues: { default: { maxWorkers: 10 } },
        pollInterval: 100,
        logger: quiet,
        workers: { noop: async () => {} },
      }),
  );
  const t0 = performance.now();
  await Promise.all(clients.map((c) => c.start()));
  await schema.waitForCompleted(JOBS, 300_000);
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(clients.map((c) => c.stop()));
  for (const l of libs) await l.close();
  return JOBS / seconds;
}

/** One client through the pooler; jobs inserted one at a time, 100–200 ms apart; attempted_at − created_at per job (ms). */
async function latency(poolerUrl: string, directUrl: string, schema: SuiteSchema, withListener: boolean): Promise<number[]> {
  await schema.query(`DELETE FROM "${schema.name}".river_job`);
  const direct = withListener ? directListener("pg", directUrl) : undefined;
  const lib = pgCase.open(poolerUrl, { max: 2, prepare: false, ...(direct ? { listener: direct.listener } : {}) });
  const client = new Client({
    driver: lib.driver,
    schema: schema.name,
    queues: { default: { maxWorkers: 4 } },
    logger: quiet,
    workers: { noop: async () => {} },
  });
  await client.start();
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < LATENCY_JOBS; i++) {
    await client.insert("noop", { i });
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
  }
  await schema.waitForCompleted(LATENCY_JOBS, 30_000);
  await client.stop();
  await lib.close();
  await direct?.close();
  const rows = await schema.query<{ ms: number }>(
    `SELECT extract(epoch FROM attempted_at - created_at) * 1000 AS ms FROM "${schema.name}".river_job`,
  );
  return rows.map((r) => Number(r.ms));
}

async function main(): Promise<void> {
  const cluster = await startPrivateCluster({ maxConnections: 100, dirPrefix: "tributary-pooler-measure-" });
  const bouncer = await startPgBouncer({ serverPort: Number(new URL(cluster.url).port), poolMode: "transaction", poolSize: 4 });
  const poolerUrl = bouncer.urlOf("postgres");
  try {
    const schema = await createSuiteSchema(cluster.url, "measure");
    const setup = pgCase.open(cluster.url, { max: 1, prepare: false });
    await migrate(setup.driver, { schema: schema.name });
    await setup.close();
    const viaPooler: number[] = [];
    const viaDirect: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      viaDirect.push(await throughput(cluster.url, schema));
      viaPooler.push(await throughput(poolerUrl, schema));
    }
    const fmt = (xs: number[]) => `median ${Math.round(median(xs))} jobs/s (runs: ${xs.map(Math.round).join(", ")})`;
    console.log(`throughput, ${CLIENTS} clients x 2 connections, ${JOBS} jobs, pg driver, polling every 100 ms:`);
    console.log(`  direct (16 server connections):              ${fmt(viaDirect)}`);
    console.log(`  through PgBouncer, transaction mode, 4 server connections: ${fmt(viaPooler)}`);
    for (const withListener of [true, false]) {
      const ms = await latency(poolerUrl, cluster.url, schema, withListener);
      console.log(
        `enqueue→start through PgBouncer, ${withListener ? "direct listener" : "no listener (polling, default 1 s)"}: ` +
          `median ${median(ms).toFixed(1)} ms, p95 ${percentile(ms, 0.95).toFixed(1)} ms (${ms.length} jobs)`,
      );
    }
    await schema.drop();
  } finally {
    await bouncer.stop();
    await cluster.destroy();
  }
}

await main();
