import type { SystemSpec } from "../bench-system.js";
import type { TributarySystemOptions } from "./tributary.js";
import type { OpenKit } from "./tributary-kit.js";

/** Options that shape how systems are built. */
export interface SystemsOptions {
  /** Poll interval of the polling-only Tributary client, in milliseconds. */
  pollIntervalMs: number;
}

/** The scenarios the polling-only Tributary variant runs: it exists to compare latency. */
const LATENCY_ONLY = ["latency"] as const;

/** The scenarios the fetch-ahead variant runs: it exists to compare with graphile-worker's batching. */
const PROCESSING_ONLY = ["process-c10", "process-c50"] as const;

/**
 * Jobs held locally beyond the workers: graphile-worker (batched)'s `localQueueSize` (its
 * performance page's value) and the fetch-ahead Tributary variant's `fetchAhead`.
 */
const LOCAL_QUEUE_SIZE = 500;

/**
 * A Tributary system on the kit `loadKit` imports. Both modules load lazily: a driver
 * package that is not written yet (or fails to import) skips only its systems.
 */
function tributarySpec<TTx>(
  spec: Omit<SystemSpec, "load">,
  loadKit: () => Promise<OpenKit<TTx>>,
  options: TributarySystemOptions = {},
): SystemSpec {
  return {
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
    tributarySpec(
      { id: "tributary-pg-polling", label: `Tributary (pg, polling ${options.pollIntervalMs} ms)`, scenarios: LATENCY_ONLY },
      pgKit,
      { listen: false, pollIntervalMs: options.pollIntervalMs },
    ),
    tributarySpec(
      { id: "tributary-pg-ahead", label: `Tributary (pg, fetchAhead ${LOCAL_QUEUE_SIZE})`, scenarios: PROCESSING_ONLY },
      pgKit,
      { fetchAhead: LOCAL_QUEUE_SIZE },
    ),
    tributarySpec({ id: "tributary-postgresjs", label: "Tributary (postgres.js)" }, () =>
      import("./tributary-postgresjs.js").then((m) => m.openPostgresJsKit),
    ),
    tributarySpec({ id: "tributary-kysely", label: "Tributary (Kysely)" }, () => import("./tributary-kysely.js").then((m) => m.openKyselyKit)),
    tributarySpec({ id: "tributary-drizzle", label: "Tributary (Drizzle)" }, () => import("./tributary-drizzle.js").then((m) => m.openDrizzleKit)),
    tributarySpec({ id: "tributary-prisma", label: "Tributary (Prisma)" }, () => import("./tributary-prisma.js").then((m) => m.openPrismaKit)),
    {
      id: "graphile-worker",
      label: "graphile-worker",
      load: async () => {
        const { graphileWorkerSystem } = await import("./graphile-worker.js");
        return () => graphileWorkerSystem();
      },
    },
    {
      id: "graphile-worker-batched",
      label: "graphile-worker (batched)",
      load: async () => {
        const { graphileWorkerSystem } = await import("./graphile-worker.js");
        // The configuration of graphile-worker's own performance page.
        return () => graphileWorkerSystem({ localQueueSize: LOCAL_QUEUE_SIZE, completeJobBatchDelay: 0 });
      },
    },
    {
      id: "pg-boss",
      label: "pg-boss",
      load: async () => {
        const { pgBossSystem } = await import("./pg-boss.js");
        return () => pgBossSystem();
      },
    },
  ];
}

/** Ids of the competitors every ratio is computed against. */
export const REFERENCE_SYSTEMS = ["graphile-worker", "pg-boss"] as const;
