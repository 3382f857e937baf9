// Vitest global setup: one private cluster with a transaction-mode and a session-mode PgBouncer in front, for the run.
import { startPrivateCluster } from "@tributary/test-db";
import type { TestProject } from "vitest/node";
import { startPgBouncer } from "./pgbouncer.js";

/** Server connections the transaction-mode pooler keeps: fewer than the suite's 8 clients. */
export const TRANSACTION_POOL_SIZE = 4;

declare module "vitest" {
  export interface ProvidedContext {
    /** Straight to the cluster (schemas, LISTEN, assertions). */
    directUrl: string;
    /** Through PgBouncer, `pool_mode = transaction`. */
    poolerUrl: string;
    /** That PgBouncer's admin console. */
    poolerAdminUrl: string;
    /** Through PgBouncer, `pool_mode = session`. */
    sessionPoolerUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPrivateCluster({ maxConnections: 100, dirPrefix: "tributary-pooler-" });
  const serverPort = Number(new URL(cluster.url).port);
  const stops: (() => Promise<void>)[] = [() => cluster.destroy()];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const tx = await startPgBouncer({ serverPort, poolMode: "transaction", poolSize: TRANSACTION_POOL_SIZE });
    stops.push(() => tx.stop());
    const session = await startPgBouncer({ serverPort, poolMode: "session", poolSize: 20 });
    stops.push(() => session.stop());
    project.provide("directUrl", cluster.url);
    project.provide("poolerUrl", tx.urlOf("postgres"));
    project.provide("poolerAdminUrl", tx.urlOf("pgbouncer"));
    project.provide("sessionPoolerUrl", session.urlOf("postgres"));
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
