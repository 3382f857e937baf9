import type { SystemSpec } from "../bench-system.js";
import { workerPoolSize } from "./bench-pool.js";
import type { NodeMajor } from "../node-runtimes.js";
import type { TributarySystemOptions } from "./tributary.js";
import type { OpenKit } from "./tributary-kit.js";
import { benchQueues } from "./bench-queues.js";

/** Options that shape how systems are built. */
export interface SystemsOptions {
  /** Poll interval of the polling-only Tributary client, in milliseconds. */
  pollIntervalMs: number;
}

/** The scenarios the polling-only Tributary variant runs: it exists to compare latency. */
const LATENCY_ONLY = ["latency"] as const;

/** The scenarios the processing variants run. */
const PROCESSING_ONLY = ["process-c10", "process-c50"] as const;

/**
 * What the other drivers run: the scenarios their targets are about (single inserts and
 * processing against driver-pg, `insertTx` overhead), so a full run stays within 15 minutes.
 */
const DRIVER_SCENARIOS = ["insert-seq", "process-c10", "insert-tx"] as const;

/** Plain graphile-worker: everything but processing, where its docs' throughput setting is the batched one. */
const GRAPHILE_PLAIN_SCENARIOS = ["insert-seq", "insert-conc", "bulk", "latency"] as const;

/** What the Node 20 row runs: enough to compare the two Nodes, not every scenario twice. */
const NODE_20_SCENARIOS = ["insert-seq", "insert-conc", "bulk", "process-c10", "process-c50", "latency"] as const;

/** The fetch-ahead variant's `fetchAhead`: Tributary's best settings for many tiny jobs. */
const FETCH_AHEAD = 500;

/**
 * V8 flags that cap the heap: the memory run's second row, which shows what the worker needs
 * when V8 may not grow its heap into the machine's free memory (it does by default: the
 * young generation to 3 × 16 MB and the old one far past what stays live).
 */
export const HEAP_CAPPED_FLAGS = ["--max-old-space-size=64", "--max-semi-space-size=8"] as const;

/** What `pnpm bench --memory` runs by default. */
export const MEMORY_SYSTEMS = ["tributary-pg", "tributary-pg-heap-capped"] as const;

/** pg-boss 12's throughput settings (see pg-boss.ts). */
export const PGBOSS_BEST = { localConcurrency: 5, batchSize: 500, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5 } as const;

function tributaryConfig(options: TributarySystemOptions) {
  return (c: number) => ({
    queues: benchQueues(c, options.fetchAhead),
    ...(options.listen === false ? { driver: "pgDriver(pool, { listen: false })" } : {}),
    ...(options.pollIntervalMs === undefined ? {} : { pollInterval: options.pollIntervalMs }),
    ...(options.otel ? { plugins: "[otelPlugin()] with a BasicTracerProvider + BatchSpanProcessor and a MeterProvider, both exporting to no-op exporters" } : {}),
    middleware: "[] (the extension seam's empty chain)",
    pool: `pg.Pool max ${workerPoolSize(c)} for the worker`,
  });
}

/**
 * A Tributary system on the kit `loadKit` imports. Both modules load lazily: a driver
 * package that fails to import skips only its systems.
 */
function tributarySpec<TTx>(
  spec: Omit<SystemSpec, "load" | "node" | "transactional" | "config"> & { node?: NodeMajor },
  loadKit: () => Promise<OpenKit<TTx>>,
  options: TributarySystemOptions = {},
): SystemSpec {
  return {
    node: 24,
    transactional: true,
    config: (c) => ({ ...tributaryConfig(options)(c), ...(spec.nodeFlags ? { nodeFlags: spec.nodeFlags.join(" ") } : {}) }),
    ...spec,
    load: async () => {
      const [{ tributarySystem }, openKit] = await Promise.all([import("./tributary.js"), loadKit()]);
      return () => tributarySystem(openKit, options);
    },
  };
}

/** Every system the harness knows, in run order. */
export function allSystems(options: SystemsOptions): SystemSpec[] {
  const pgKit = () => import("./tributary-pg.js").then((m) => m.openPgKit);
  return [
    tributarySpec({ id: "tributary-pg", label: "Tributary (pg)" }, pgKit),
    tributarySpec({ id: "tributary-pg-node20", label: "Tributary (pg) on Node 20", node: 20, scenarios: NODE_20_SCENARIOS }, pgKit),
    tributarySpec(
      { id: "tributary-pg-heap-capped", label: `Tributary (pg), ${HEAP_CAPPED_FLAGS.join(" ")}`, scenarios: ["memory"], nodeFlags: HEAP_CAPPED_FLAGS },
      pgKit,
    ),
    tributarySpec({ id: "tributary-pg-otel", label: "Tributary (pg) + OTel plugin", scenarios: PROCESSING_ONLY }, pgKit, { otel: true }),
    tributarySpec(
      { id: "tributary-pg-polling", label: `Tributary (pg, polling ${options.pollIntervalMs} ms)`, scenarios: LATENCY_ONLY },
      pgKit,
      { listen: false, pollIntervalMs: options.pollIntervalMs },
    ),
    tributarySpec(
      { id: "tributary-pg-ahead", label: `Tributary (pg, fetchAhead ${FETCH_AHEAD})`, scenarios: PROCESSING_ONLY },
      pgKit,
      { fetchAhead: FETCH_AHEAD },
    ),
    tributarySpec({ id: "tributary-postgresjs", label: "Tributary (postgres.js)", scenarios: DRIVER_SCENARIOS }, () =>
      import("./tributary-postgresjs.js").then((m) => m.openPostgresJsKit),
    ),
    tributarySpec({ id: "tributary-kysely", label: "Tributary (Kysely)", scenarios: DRIVER_SCENARIOS }, () => import("./tributary-kysely.js").then((m) => m.openKyselyKit)),
    tributarySpec({ id: "tributary-drizzle", label: "Tributary (Drizzle)", scenarios: DRIVER_SCENARIOS }, () => import("./tributary-drizzle.js").then((m) => m.openDrizzleKit)),
    tributarySpec({ id: "tributary-prisma", label: "Tributary (Prisma)", scenarios: DRIVER_SCENARIOS }, () => import("./tributary-prisma.js").then((m) => m.openPrismaKit)),
    {
      id: "graphile-worker",
      label: "graphile-worker",
      node: 24,
      scenarios: GRAPHILE_PLAIN_SCENARIOS,
      config: (c) => ({ concurrency: c, pool: `pg.Pool max ${workerPoolSize(c)}` }),
      load: async () => {
        const { graphileWorkerSystem } = await import("./graphile-worker.js");
        return () => graphileWorkerSystem();
      },
    },
    {
      id: "graphile-worker-batched",
      label: "graphile-worker (batched)",
      node: 24,
      scenarios: [...PROCESSING_ONLY, "latency"],
      config: (c) => ({
        concurrency: c,
        pool: `pg.Pool max ${workerPoolSize(c)}`,
        preset: { worker: { localQueue: { size: c + 1 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      }),
      load: async () => {
        const { graphileWorkerSystem } = await import("./graphile-worker.js");
        // Its release notes: local queue size concurrency + 1; batched completion with no delay.
        return () => graphileWorkerSystem({ localQueueSize: (c) => c + 1, completeJobBatchDelay: 0 });
      },
    },
    {
      id: "pg-boss",
      label: "pg-boss",
      node: 24,
      config: (c) => ({
        work: { ...PGBOSS_BEST, handler: `batch handler running its jobs ${Math.ceil(c / PGBOSS_BEST.localConcurrency)} at a time` },
        pool: `max ${workerPoolSize(c)}`,
      }),
      load: async () => {
        const { pgBossSystem } = await import("./pg-boss.js");
        return () => pgBossSystem();
      },
    },
    {
      id: "pg-boss-notify",
      label: "pg-boss (LISTEN/NOTIFY)",
      node: 24,
      scenarios: LATENCY_ONLY,
      config: (c) => ({
        constructor: { useListenNotify: true },
        createQueue: { notify: true },
        work: { ...PGBOSS_BEST, handler: `batch handler running its jobs ${Math.ceil(c / PGBOSS_BEST.localConcurrency)} at a time` },
      }),
      load: async () => {
        const { pgBossSystem } = await import("./pg-boss.js");
        return () => pgBossSystem({ notify: true });
      },
    },
  ];
}

/**
 * The competitors every ratio is computed against, each by the best of its configurations in
 * that scenario (graphile-worker: batched for processing; pg-boss: LISTEN/NOTIFY for latency).
 */
export const PEERS: ReadonlyArray<{ name: string; systems: readonly string[] }> = [
  { name: "graphile-worker", systems: ["graphile-worker", "graphile-worker-batched"] },
  { name: "pg-boss", systems: ["pg-boss", "pg-boss-notify"] },
];
