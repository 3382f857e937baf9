import type { SystemSpec } from "../bench-system.js";

/** Options that shape how systems are built. */
export interface SystemsOptions {
  /** Poll interval of the polling-only Tributary client, in milliseconds. */
  pollIntervalMs: number;
}

/** The scenarios the polling-only Tributary variant runs: it exists to compare latency. */
const LATENCY_ONLY = ["latency"] as const;

/** The scenarios the fetch-ahead variant runs: it exists to compare with graphile-worker's batching. */
const PROCESSING_ONLY = ["process-c10", "process-c50"] as const;

/** Jobs held ahead by the fetch-ahead variant: graphile-worker (batched)'s `localQueueSize`. */
const FETCH_AHEAD = 500;

/**
 * Every system the harness knows, in run order. Each loads its module lazily: a driver
 * package that is not written yet (or fails to import) skips that system with a note.
 */
export function allSystems(options: SystemsOptions): SystemSpec[] {
  return [
    {
      id: "tributary-pg",
      label: "Tributary (pg)",
      load: async () => {
        const [{ tributarySystem }, { openPgKit }] = await Promise.all([
          import("./tributary.js"),
          import("./tributary-pg.js"),
        ]);
        return () => tributarySystem(openPgKit);
      },
    },
    {
      id: "tributary-pg-polling",
      label: `Tributary (pg, polling ${options.pollIntervalMs} ms)`,
      scenarios: LATENCY_ONLY,
      load: async () => {
        const [{ tributarySystem }, { openPgKit }] = await Promise.all([
          import("./tributary.js"),
          import("./tributary-pg.js"),
        ]);
        return () => tributarySystem(openPgKit, { listen: false, pollIntervalMs: options.pollIntervalMs });
      },
    },
    {
      id: "tributary-pg-ahead",
      label: `Tributary (pg, fetchAhead ${FETCH_AHEAD})`,
      scenarios: PROCESSING_ONLY,
      load: async () => {
        const [{ tributarySystem }, { openPgKit }] = await Promise.all([
          import("./tributary.js"),
          import("./tributary-pg.js"),
        ]);
        return () => tributarySystem(openPgKit, { fetchAhead: FETCH_AHEAD });
      },
    },
    {
      id: "tributary-postgresjs",
      label: "Tributary (postgres.js)",
      load: async () => {
        const [{ tributarySystem }, { openPostgresJsKit }] = await Promise.all([
          import("./tributary.js"),
          import("./tributary-postgresjs.js"),
        ]);
        return () => tributarySystem(openPostgresJsKit);
      },
    },
    {
      id: "tributary-kysely",
      label: "Tributary (Kysely)",
      load: async () => {
        const [{ tributarySystem }, { openKyselyKit }] = await Promise.all([
          import("./tributary.js"),
          import("./tributary-kysely.js"),
        ]);
        return () => tributarySystem(openKyselyKit);
      },
    },
    {
      id: "tributary-drizzle",
      label: "Tributary (Drizzle)",
      load: async () => {
        const [{ tributarySystem }, { openDrizzleKit }] = await Promise.all([
          import("./tributary.js"),
          import("./tributary-drizzle.js"),
        ]);
        return () => tributarySystem(openDrizzleKit);
      },
    },
    {
      id: "tributary-prisma",
      label: "Tributary (Prisma)",
      load: async () => {
        const [{ tributarySystem }, { openPrismaKit }] = await Promise.all([
          import("./tributary.js"),
          import("./tributary-prisma.js"),
        ]);
        return () => tributarySystem(openPrismaKit);
      },
    },
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
        return () => graphileWorkerSystem({ localQueueSize: 500, completeJobBatchDelay: 0 });
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
