/** The statement set of one schema, built once, and its lazy resolution for a client. */
import type { Executor } from "../driver/driver.js";
import { currentSchema } from "./current-schema.js";
import { jobJsonColumn } from "./job-json-column.js";
import { JobOutcomeSql } from "./job-outcome-sql.js";
import { JobSql } from "./job-sql.js";
import { QueueSql } from "./queue-sql.js";
import { type SchemaTables, schemaTables } from "./schema-tables.js";

/** Every statement a client runs in one schema. */
export interface SchemaStatements {
  readonly tables: SchemaTables;
  readonly jobs: JobSql;
  readonly outcomes: JobOutcomeSql;
  readonly queues: QueueSql;
}

/** Builds the statements of `schema` (validated; throws INVALID_SCHEMA_NAME). */
export function schemaStatements(schema: string, options: { asyncCommit: boolean }): SchemaStatements {
  const tables = schemaTables(schema);
  return Object.freeze({
    tables,
    jobs: new JobSql(tables, options),
    outcomes: new JobOutcomeSql(tables, jobJsonColumn, options),
    queues: new QueueSql(tables),
  });
}

/**
 * A client's statements, resolved at first use: the configured schema, or `current_schema()`
 * read once — on the executor of that first use. A first `insertTx` therefore asks its own
 * transaction, never the pool: a call made with the caller's transaction must not need a
 * second connection (with a one-connection pool, or PGlite, it would wait for itself forever).
 * A failed resolution is retried at the next use.
 */
export class LazySchemaStatements {
  readonly #schema: string | null;
  readonly #options: { asyncCommit: boolean };
  readonly #executor: () => Executor;
  #resolved: Promise<SchemaStatements> | undefined;

  constructor(schema: string | null, options: { asyncCommit: boolean }, executor: () => Executor) {
    this.#schema = schema;
    this.#options = options;
    this.#executor = executor;
  }

  /** The statements; `executor` is where to read `current_schema()` if not known yet (default: the pool). */
  get(executor?: Executor): Promise<SchemaStatements> {
    this.#resolved ??= (async () => {
      const schema = this.#schema ?? (await currentSchema(executor ?? this.#executor()));
      return schemaStatements(schema, this.#options);
    })().catch((err: unknown) => {
      this.#resolved = undefined;
      throw err;
    });
    return this.#resolved;
  }
}
