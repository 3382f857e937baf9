import {
  type Driver,
  type Executor,
  InvalidArgumentError,
  type Listener,
  preparedStatementsUnsupported,
  TributaryError,
  withPoolDriver,
} from "@tributary/core";
import type { Kysely, Transaction } from "kysely";
import type {
  KyselyCompiledQueryLike,
  KyselyLike,
  KyselyQueryableLike,
  KyselyTransactionLike,
} from "./kysely-types.js";

/** Options of {@link kyselyDriver}. */
export interface KyselyDriverOptions {
  /**
   * Makes a Listener for LISTEN/NOTIFY wake-ups. Kysely hands out no connection that outlives
   * a query, so it cannot listen itself: pass one from the library under your dialect, e.g.
   * `() => new PgListener(pool)` from `@tributary/driver-pg` for `PostgresDialect`. Without it
   * the driver has no `listener()` and the client polls.
   */
  listener?: () => Listener;
  /** `false` polls even when `listener` is given (e.g. one shared options object per environment). */
  listen?: boolean;
  /**
   * A driver on the same pool as the dialect, e.g. `pgDriver(pool)` for `PostgresDialect`, to
   * run the statements Tributary sends outside your transactions (`insert`, fetching,
   * completion, maintenance) and its own transactions. Kysely's dialects never prepare
   * statements, so PostgreSQL parses and plans each one again; pgDriver and postgresjsDriver
   * prepare them once per connection, which makes a single `insert` ~30 % cheaper. `insertTx`
   * and `completeTx` still run on the Kysely `Transaction` you pass. Without `listener`, the
   * driver listens through this driver's listener (if it has one).
   */
  poolDriver?: Driver<unknown>;
}

let querySeq = 0;

/**
 * What `CompiledQuery.raw(sql, parameters)` returns, built by hand so the driver needs no
 * runtime import of kysely. A fresh `queryId` object per statement: plugins key per-query
 * state on its identity.
 */
function compiledQuery(sql: string, parameters: readonly unknown[]): KyselyCompiledQueryLike {
  return Object.freeze({
    sql,
    parameters: Object.freeze([...parameters]),
    query: Object.freeze({ kind: "RawNode" as const, sqlFragments: Object.freeze([sql]), parameters: Object.freeze([]) }),
    queryId: Object.freeze({ queryId: `tributary-${++querySeq}` }),
  });
}

/** kysely ≥ 0.28 raises these (synchronously) when a finished `Transaction` runs a query. */
const FINISHED_TRANSACTION = /^Transaction is already (committed|rolled back)$/;

/** SQLSTATE of "current transaction is aborted, commands ignored until end of transaction block". */
const IN_FAILED_TRANSACTION = "25P02";

/**
 * Kysely's dialect decides whether statements are prepared by name: `PostgresDialect` and
 * `kysely-postgres-js` never do, so this only meets a dialect of the user's own that does.
 */
const PREPARE_FIX = "configure the Kysely dialect not to name its prepared statements (PostgresDialect and kysely-postgres-js never do)";

function executorOn(queryable: KyselyQueryableLike): Executor {
  // The user's plugins must not see core's SQL: CamelCasePlugin would rename result columns,
  // ParseJSONResultsPlugin would parse the JSON text core parses itself.
  const target = queryable.withoutPlugins?.() ?? queryable;
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      try {
        const result = await target.executeQuery(compiledQuery(sql, params));
        return result.rows as R[];
      } catch (err) {
        if (err instanceof Error && FINISHED_TRANSACTION.test(err.message)) {
          throw new TributaryError(
            "INVALID_TRANSACTION",
            `driver-kysely: the Kysely transaction passed has already finished (${err.message.toLowerCase()}); ` +
              "call insertTx/completeTx inside the db.transaction().execute(async (trx) => …) callback, before it returns",
            { cause: err },
          );
        }
        // Both dialects (pg, postgres.js) keep the server's SQLSTATE in `code`.
        if ((err as { code?: unknown } | null)?.code === IN_FAILED_TRANSACTION) {
          throw new TributaryError(
            "INVALID_TRANSACTION",
            "driver-kysely: the Kysely transaction passed has already failed (an earlier statement in it raised an error); let db.transaction() roll it back",
            { cause: err },
          );
        }
        throw preparedStatementsUnsupported(err, "driver-kysely", PREPARE_FIX) ?? err;
      }
    },
  };
}

function describe(value: unknown): string {
  return value === null ? "null" : typeof value;
}

function assertTransaction(tx: unknown): asserts tx is KyselyTransactionLike {
  if (
    (typeof tx !== "object" && typeof tx !== "function") ||
    tx === null ||
    typeof (tx as KyselyQueryableLike).executeQuery !== "function"
  ) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-kysely: insertTx/completeTx need the Kysely Transaction given by " +
        `db.transaction().execute(async (trx) => …); got ${describe(tx)}`,
    );
  }
  const trx = tx as KyselyTransactionLike;
  if (trx.isTransaction !== true) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-kysely: got the root Kysely instance where a transaction was expected: wrap the work in " +
        "db.transaction().execute(async (trx) => …) and pass trx (use client.insert for a write of its own)",
    );
  }
  // Only ControlledTransaction (db.startTransaction()) exposes its state; a plain Transaction
  // is caught on its first statement (see FINISHED_TRANSACTION).
  if (trx.isCommitted === true || trx.isRolledBack === true) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      `driver-kysely: the Kysely transaction passed was already ${trx.isCommitted ? "committed" : "rolled back"}`,
    );
  }
}

/**
 * A Tributary driver on a Kysely instance (`PostgresDialect` on a pg `Pool`, or
 * `kysely-postgres-js` on postgres.js). The native transaction type is the `Transaction<DB>`
 * given by `db.transaction().execute(async (trx) => …)`, so `client.insertTx(trx, …)` writes the
 * job in the same transaction as the application's own queries.
 *
 * @example
 * const driver = kyselyDriver(db, { listener: () => new PgListener(pool) });
 * // or, faster: prepared statements and LISTEN through driver-pg on the dialect's pool
 * const fast = kyselyDriver(db, { poolDriver: pgDriver(pool) });
 * const client = new Client({ driver });
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto("orders").values(order).execute();
 *   await client.insertTx(trx, "send_receipt", { orderId: order.id });
 * });
 */
// biome-ignore lint/suspicious/noExplicitAny: mirrors Kysely's own `Kysely<DB>` default when DB is not inferred.
export function kyselyDriver<DB = any>(
  db: Kysely<DB>,
  options: KyselyDriverOptions = {},
): Driver<Transaction<DB>> {
  const root = db as unknown as KyselyLike;
  if (root.isTransaction === true) {
    throw new InvalidArgumentError(
      "db",
      "kyselyDriver needs the root Kysely instance, not a transaction (it opens transactions of its own)",
    );
  }
  const own = executorOn(root);
  return Object.freeze({
    ...withPoolDriver(
      {
        name: "kysely",
        executor: () => own,
        transaction: (fn) => root.transaction().execute((trx) => fn(executorOn(trx))),
      },
      options,
      "on the dialect's pool",
    ),
    unwrapTx(tx: Transaction<DB>): Executor {
      assertTransaction(tx);
      return executorOn(tx);
    },
  });
}
