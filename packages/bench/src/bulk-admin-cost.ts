// `pnpm bench --bulk-admin`: retryJobs, cancelJobs and deleteJobs on 10,000 jobs through each driver — time and statements run.
import { Client, type Driver, type Executor, migrate } from "@tributary/core";
import { createBenchDatabase } from "./bench-database.js";
import type { OpenKit } from "./systems/tributary-kit.js";

/** One bulk action's measurement on one driver. */
export interface BulkAdminRow {
  driver: string;
  action: "retryJobs" | "cancelJobs" | "deleteJobs";
  jobs: number;
  statements: number;
  ms: number;
}

const KITS: { name: string; load: () => Promise<OpenKit<unknown>> }[] = [
  { name: "pg", load: () => import("./systems/tributary-pg.js").then((m) => m.openPgKit as OpenKit<unknown>) },
  { name: "postgres.js", load: () => import("./systems/tributary-postgresjs.js").then((m) => m.openPostgresJsKit as OpenKit<unknown>) },
  { name: "Kysely", load: () => import("./systems/tributary-kysely.js").then((m) => m.openKyselyKit as OpenKit<unknown>) },
  { name: "Drizzle", load: () => import("./systems/tributary-drizzle.js").then((m) => m.openDrizzleKit as OpenKit<unknown>) },
  { name: "Prisma", load: () => import("./systems/tributary-prisma.js").then((m) => m.openPrismaKit as OpenKit<unknown>) },
];

/** The driver with every statement it runs counted (pool and transactions alike). */
function counting<TTx>(d: Driver<TTx>): { driver: Driver<TTx>; statements: () => number } {
  let n = 0;
  const counted = (ex: Executor): Executor => ({
    query: (sql, params) => {
      n++;
      return ex.query(sql, params);
    },
  });
  const driver: Driver<TTx> = {
    name: `counting ${d.name}`,
    executor: () => counted(d.executor()),
    unwrapTx: (tx) => counted(d.unwrapTx(tx)),
    transaction: (fn) => d.transaction((ex) => fn(counted(ex))),
  };
  return { driver, statements: () => n };
}

/**
 * For each driver, in a fresh database: writes `jobs` discarded jobs with one SQL statement,
 * then retries them all (→ available), cancels them all, deletes them all, each by a kind
 * filter, timing each call and counting the statements it ran.
 */
export async function measureBulkAdmin(adminUrl: string, jobs: number): Promise<BulkAdminRow[]> {
  const rows: BulkAdminRow[] = [];
  for (const k of KITS) {
    const db = await createBenchDatabase(adminUrl, `bulk_${k.name}`);
    const kit = await (await k.load())(db.url, { listen: false, poolSize: 4 });
    try {
      await migrate(kit.driver, {});
      await kit.driver
        .executor()
        .query(`INSERT INTO river_job (kind, state, args, max_attempts, finalized_at, attempt) SELECT 'many', 'discarded', '{}', 25, now(), 1 FROM generate_series(1, ${jobs})`);
      const { driver, statements } = counting(kit.driver);
      const client = new Client({ driver });
      // Resolve the schema's statements first, so no action is charged for it.
      await client.countJobs({ kinds: ["many"] });
      const actions: [BulkAdminRow["action"], () => Promise<{ count: number }>][] = [
        ["retryJobs", () => client.retryJobs({ kinds: ["many"] })],
        ["cancelJobs", () => client.cancelJobs({ kinds: ["many"] })],
        ["deleteJobs", () => client.deleteJobs({ kinds: ["many"] })],
      ];
      for (const [action, run] of actions) {
        const before = statements();
        const started = performance.now();
        const { count } = await run();
        const ms = performance.now() - started;
        if (count !== jobs) throw new Error(`${k.name} ${action}: changed ${count} of ${jobs} jobs`);
        rows.push({ driver: k.name, action, jobs: count, statements: statements() - before, ms });
      }
    } finally {
      await kit.close();
      await db.drop();
    }
  }
  return rows;
}

/** The table `--bulk-admin` prints. */
export function renderBulkAdmin(rows: BulkAdminRow[]): string {
  const lines = ["| driver | action | jobs | statements | ms |", "|---|---|---:|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.driver} | ${r.action} | ${r.jobs} | ${r.statements} | ${r.ms.toFixed(0)} |`);
  return lines.join("\n");
}
