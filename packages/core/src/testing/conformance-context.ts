// The fixture, schema and SQL helpers every conformance block shares within one run of the suite.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Driver } from "../driver/driver.js";
import { migrate } from "../migrate/migrate.js";
import type { ConformanceFixture, ConformanceTarget } from "./conformance-target.js";
import { quietLogger } from "./support/quiet-logger.js";

/** Options of {@link runDriverConformance}. */
export interface ConformanceOptions {
  /** Database to test against. Default: `process.env.TEST_DATABASE_URL`. */
  databaseUrl?: string;
}

/**
 * What a block sees. Its getters are valid inside tests and hooks (the fixture is built in
 * `beforeAll`); a block reads them there, never while it registers its tests.
 */
export interface ConformanceContext<TTx> {
  readonly target: ConformanceTarget<TTx>;
  readonly fx: ConformanceFixture<TTx>;
  readonly driver: Driver<TTx>;
  /** A schema of this run's own, migrated to River's latest version. */
  readonly schema: string;
  /** `"<schema>".conformance_item (id int PRIMARY KEY)`: a table for blocks that write rows of their own. */
  readonly items: string;
  /** Runs `text` on the driver's pool, with `$schema` replaced by the quoted schema name. */
  sql<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** How many `river_job` rows match `where`. */
  countJobs(where?: string, params?: readonly unknown[]): Promise<number>;
  /** The ids in the items table, ascending, read on the pool. */
  itemIds(): Promise<number[]>;
}

/**
 * Builds the target once for the enclosing `describe`, in a fresh schema it migrates and drops,
 * and empties the tables before each test.
 */
export function conformanceContext<TTx>(
  target: ConformanceTarget<TTx>,
  options: ConformanceOptions,
): ConformanceContext<TTx> {
  let fixture: ConformanceFixture<TTx> | undefined;
  const schema = `conf_${randomBytes(5).toString("hex")}`;
  const items = `"${schema}".conformance_item`;
  const built = (): ConformanceFixture<TTx> => {
    if (!fixture) throw new Error(`conformance: the ${target.name} fixture is not set up (read it inside a test)`);
    return fixture;
  };
  const sql = <R>(text: string, params: readonly unknown[] = []): Promise<R[]> =>
    built().driver.executor().query<R>(text.replaceAll("$schema", `"${schema}"`), params);

  beforeAll(async () => {
    const url = options.databaseUrl ?? process.env.TEST_DATABASE_URL ?? "";
    fixture = await target.setup(url);
    await migrate(fixture.driver, { schema, logger: quietLogger });
    await sql(`CREATE TABLE ${items} (id int PRIMARY KEY)`);
  });
  afterAll(async () => {
    await fixture?.driver.executor().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await fixture?.teardown();
  });
  beforeEach(async () => {
    await sql("DELETE FROM $schema.river_job");
    await sql("DELETE FROM $schema.river_queue");
    await sql(`DELETE FROM ${items}`);
  });

  return {
    target,
    get fx() {
      return built();
    },
    get driver() {
      return built().driver;
    },
    schema,
    items,
    sql,
    async countJobs(where = "true", params = []) {
      const rows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM $schema.river_job WHERE ${where}`, params);
      return rows[0]!.n;
    },
    async itemIds() {
      const rows = await sql<{ id: number }>(`SELECT id FROM ${items} ORDER BY id`);
      return rows.map((r) => r.id);
    },
  };
}
