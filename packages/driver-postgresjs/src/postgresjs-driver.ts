import {
  type Driver,
  type Executor,
  InvalidArgumentError,
  type Listener,
  preparedStatementsUnsupported,
  TributaryError,
} from "@tributary/core";
import { PostgresjsListener } from "./postgresjs-listener.js";
import type { PostgresjsQueryableLike, PostgresjsSqlLike, PostgresjsTransactionLike } from "./postgresjs-types.js";

/** Options of {@link postgresjsDriver}. */
export interface PostgresjsDriverOptions {
  /**
   * LISTEN for wake-ups and control messages (default `true`). postgres.js listens on one
   * extra connection of its own, outside the pool's `max`. Set `false` to poll only, e.g.
   * behind a transaction-mode PgBouncer.
   */
  listen?: boolean;
  /**
   * Builds the listener instead of the default one (`sql.listen`), e.g. a `PostgresjsListener`
   * on a second `postgres()` instance that connects directly, bypassing a transaction-mode
   * pooler. Ignored when `listen` is `false`.
   */
  listener?: () => Listener;
  /**
   * Prepare Tributary's parameterised statements, once per connection (default `true`). Set
   * `false` behind a PgBouncer in transaction mode older than 1.21. A `postgres()` instance
   * created with `prepare: false` never prepares, whatever this says.
   */
  prepare?: boolean;
}

/**
 * Statement and transaction start times are equal exactly when the statement is the first
 * command of its transaction (documented by PostgreSQL), i.e. when it runs outside a
 * transaction block. Inside `sql.begin`, BEGIN was an earlier command, so they differ.
 */
const FIRST_COMMAND_SQL = "select transaction_timestamp() = statement_timestamp() as first_command";

/** SQLSTATE of "current transaction is aborted, commands ignored until end of transaction block". */
const IN_FAILED_TRANSACTION = "25P02";

/** What to do when a pooler loses the named statements (see `PostgresjsDriverOptions.prepare`). */
const PREPARE_FIX =
  "pass `prepare: false` to postgresjsDriver (or to drizzleDriver on postgres.js) and create the postgres() instance with `prepare: false`";

function executorOn(target: PostgresjsQueryableLike, prepare: boolean): Executor {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      // Parameterised statements are prepared (once per connection): unprepared, postgres.js
      // first asks the server to describe them, a second round trip. A client created with
      // `prepare: false` (e.g. behind PgBouncer) keeps that setting: it overrides this one.
      let rows: ArrayLike<unknown>;
      try {
        rows =
          params !== undefined && params.length > 0
            ? await target.unsafe(sql, params as unknown[], { prepare })
            : await target.unsafe(sql);
      } catch (err) {
        throw preparedStatementsUnsupported(err, "driver-postgresjs", PREPARE_FIX) ?? err;
      }
      // postgres.js resolves to `Result`, an Array subclass: already an array of plain rows.
      return (Array.isArray(rows) ? rows : Array.from(rows)) as R[];
    },
  };
}

/**
 * postgres.js does not reject a query on a `tx` whose `sql.begin` has already settled: it
 * sends it on the connection that went back to the pool, where it runs and commits on its
 * own. So before each statement the executor checks that it still runs inside a
 * transaction block, and refuses otherwise, before the statement is sent.
 */
function transactionExecutor(tx: PostgresjsTransactionLike, prepare: boolean): Executor {
  const inner = executorOn(tx, prepare);
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      let first: unknown;
      try {
        const rows = await inner.query<{ first_command: boolean }>(FIRST_COMMAND_SQL);
        first = rows[0]?.first_command;
      } catch (err) {
        if ((err as { code?: unknown }).code === IN_FAILED_TRANSACTION) {
          throw new TributaryError(
            "INVALID_TRANSACTION",
            "driver-postgresjs: the transaction passed has already failed (an earlier statement in it raised an error); let sql.begin roll it back",
            { cause: err },
          );
        }
        throw err;
      }
      if (first !== false) {
        throw new TributaryError(
          "INVALID_TRANSACTION",
          "driver-postgresjs: the transaction passed is already committed or rolled back (its sql.begin callback has returned); call insertTx/completeTx with the tx inside the sql.begin(async (tx) => …) callback, and await it there",
        );
      }
      return inner.query<R>(sql, params);
    },
  };
}

function assertTransaction(tx: unknown): asserts tx is PostgresjsTransactionLike {
  const isSqlObject = (typeof tx === "function" || typeof tx === "object") && tx !== null;
  if (!isSqlObject || typeof (tx as PostgresjsTransactionLike).unsafe !== "function") {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-postgresjs: insertTx/completeTx need the tx given by sql.begin(async (tx) => …); got " +
        (tx === null ? "null" : typeof tx),
    );
  }
  if (typeof (tx as { begin?: unknown }).begin === "function") {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-postgresjs: got the root sql where a transaction was expected: pass the tx given by sql.begin(async (tx) => …), or use client.insert() to insert outside a transaction",
    );
  }
  if (typeof (tx as PostgresjsTransactionLike).savepoint !== "function") {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-postgresjs: the object passed is not a postgres.js transaction (it has no savepoint()): pass the tx given by sql.begin(async (tx) => …)",
    );
  }
}

/**
 * postgres.js applies `transform` to every result, `unsafe` ones included, and keeps no
 * untransformed column names: core could not find its columns in renamed rows, so a
 * transforming `sql` is refused up front rather than failing later with missing fields.
 */
function assertNoResultTransform(sql: PostgresjsSqlLike): void {
  const transform = sql.options?.transform;
  const transformed = (["column", "value", "row"] as const).filter((k) => transform?.[k]?.from !== undefined);
  if (transformed.length > 0) {
    throw new InvalidArgumentError(
      "sql",
      `driver-postgresjs: this postgres.js sql transforms query results (transform.${transformed.join(", transform.")}, e.g. postgres.camel), which renames the columns Tributary reads; give Tributary a postgres() instance without result transforms`,
    );
  }
}

/**
 * A Tributary driver on a postgres.js `sql` (the `postgres` package, 3.4.x). The native
 * transaction type is the `tx` that `sql.begin(async (tx) => …)` hands you.
 *
 * @example
 * const sql = postgres(process.env.DATABASE_URL);
 * const client = new Client({ driver: postgresjsDriver(sql) });
 * await sql.begin(async (tx) => {
 *   await tx`insert into orders ${tx(order)}`;
 *   await client.insertTx(tx, "send_receipt", { orderId: order.id });
 * });
 */
export function postgresjsDriver<TTx extends PostgresjsTransactionLike = PostgresjsTransactionLike>(
  sql: PostgresjsSqlLike,
  options: PostgresjsDriverOptions = {},
): Driver<TTx> {
  assertNoResultTransform(sql);
  const listener = options.listen === false ? undefined : (options.listener ?? (() => new PostgresjsListener(sql)));
  const prepare = options.prepare ?? true;
  const rootExecutor = executorOn(sql, prepare);
  return Object.freeze({
    name: "postgresjs",
    executor: () => rootExecutor,
    unwrapTx(tx: TTx): Executor {
      assertTransaction(tx);
      return transactionExecutor(tx, prepare);
    },
    async transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T> {
      // Boxed because sql.begin awaits every element of an array result (Promise.all).
      const box = (await sql.begin(async (tx) => ({ value: await fn(executorOn(tx, prepare)) }))) as { value: T };
      return box.value;
    },
    ...(listener ? { listener } : {}),
  });
}
