// The plumbing every entry point shares: which database and schema, River's tables, the
// example's `orders` table, one Client, the scenario, the printed result and the clean-up.
import { randomBytes } from "node:crypto";
import { Client, type Driver, migrate } from "@tributary/core";
import { createWorkers, queues, runScenario, type SentReceipt, type Shop } from "./jobs.js";

/** What an entry point builds from its database library, for the schema `exampleTarget` named. */
export interface ExampleSetup<TTx> extends ExampleTarget {
  driver: Driver<TTx>;
  shop: Shop<TTx>;
  /** Closes the library's pool or client. */
  close(): Promise<void>;
}

/** Where the example runs: `url` makes every session's search_path the example's schema. */
export interface ExampleTarget {
  url: string;
  schema: string;
}

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test";

/**
 * The database (`DATABASE_URL`) and the schema of one run (`EXAMPLE_SCHEMA`, or a fresh random
 * name): the schema must not exist yet, since the example creates it and drops it afterwards.
 */
export function exampleTarget(name: string): ExampleTarget {
  const schema = process.env.EXAMPLE_SCHEMA ?? `swap_${name}_${randomBytes(3).toString("hex")}`;
  const url = new URL(process.env.DATABASE_URL ?? DEFAULT_URL);
  // Unqualified names in the application's own queries (`orders`) resolve to the example's schema.
  url.searchParams.set("options", `-c search_path=${schema}`);
  return { url: url.toString(), schema };
}

/** Runs the scenario on the driver and shop an entry point built, and prints the result as JSON on stdout. */
export async function runExample<TTx>({ schema, driver, shop, close }: ExampleSetup<TTx>): Promise<void> {
  const pool = driver.executor();
  let created = false;
  try {
    const [existing] = await pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    if (existing) throw new Error(`schema "${schema}" already exists: set EXAMPLE_SCHEMA to a new name (this example drops the schema it creates)`);
    await migrate(driver, { schema }); // creates the schema and River's tables
    created = true;
    await pool.query(`CREATE TABLE "${schema}".orders (id serial PRIMARY KEY, email text NOT NULL)`);

    const outbox: SentReceipt[] = [];
    const client = new Client({ driver, schema, queues, workers: createWorkers(outbox), pollInterval: 200 });
    const result = await runScenario(client, shop, outbox);
    process.stdout.write(`${JSON.stringify({ driver: driver.name, ...result }, null, 2)}\n`);
  } finally {
    if (created) await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await close();
  }
}
