import { createHash } from "node:crypto";
import { type Driver, type Executor, type Listener, preparedStatementsUnsupported, TributaryError } from "@tributary/core";
import { PgListener } from "./pg-listener.js";
import type { PgClientLike, PgPoolClientLike, PgPoolLike } from "./pg-types.js";

/** Options of {@link pgDriver}. */
export interface PgDriverOptions {
  /**
   * LISTEN for wake-ups and control messages on a dedicated connection taken from the pool
   * (default `true`). Set `false` to poll only, e.g. behind a transaction-mode PgBouncer.
   */
  listen?: boolean;
  /**
   * Builds the listener instead of the default one (a connection kept out of `pool`), e.g.
   * `() => new PgListener(directPool)` on a small pool that bypasses a transaction-mode
   * pooler. Ignored when `listen` is `false`.
   */
  listener?: () => Listener;
  /**
   * Run Tributary's parameterised statements as named prepared statements, parsed and planned
   * once per connection (default `true`). Set `false` behind a PgBouncer in transaction mode
   * older than 1.21, which cannot keep prepared statements.
   */
  prepare?: boolean;
}

/** Statement names by SQL text: the same text always gets the same name, in every driver instance. */
const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `tributary_${createHash("sha1").update(sql).digest("hex").slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** What to do when a pooler loses the named statements (see `PgDriverOptions.prepare`). */
const PREPARE_FIX = "pass `prepare: false` to pgDriver (or to drizzleDriver on node-postgres)";

function executorOn(client: PgClientLike | PgPoolLike, prepare: boolean): Executor {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      if (!prepare || params === undefined || params.length === 0) {
        return (await client.query(sql, params as unknown[] | undefined)).rows as R[];
      }
      try {
        return (await client.query({ name: statementName(sql), text: sql, values: params as unknown[] })).rows as R[];
      } catch (err) {
        throw preparedStatementsUnsupported(err, "driver-pg", PREPARE_FIX) ?? err;
      }
    },
  };
}

function assertTransactionClient(tx: unknown): asserts tx is PgClientLike {
  if (typeof tx !== "object" || tx === null || typeof (tx as PgClientLike).query !== "function") {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-pg: insertTx/completeTx need the pg.PoolClient (or pg.Client) on which you ran BEGIN; got " +
        (tx === null ? "null" : typeof tx),
    );
  }
  if ("connect" in tx && "totalCount" in tx) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-pg: got a pg.Pool where a transaction was expected: take a client with pool.connect(), run BEGIN on it and pass that client",
    );
  }
  assertStillInTransaction(tx as PgClientLike);
}

/** pg ≥ 8.12 reports the server's transaction status; older versions skip this check. */
function assertStillInTransaction(tx: PgClientLike): void {
  const status = tx.getTransactionStatus?.();
  if (status === "I") {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-pg: the client passed as a transaction is not inside a transaction (no BEGIN, or it was already committed or rolled back)",
    );
  }
  if (status === "E") throw failedTransaction();
}

/** SQLSTATE of "current transaction is aborted, commands ignored until end of transaction block". */
const IN_FAILED_TRANSACTION = "25P02";

function failedTransaction(cause?: unknown): TributaryError {
  return new TributaryError(
    "INVALID_TRANSACTION",
    "driver-pg: the transaction passed has already failed; roll it back before using it again",
    cause === undefined ? undefined : { cause },
  );
}

/**
 * A Tributary driver on a node-postgres `Pool`. The native transaction type is a
 * `pg.PoolClient` (or `pg.Client`) on which the application ran `BEGIN`.
 *
 * @example
 * const driver = pgDriver(pool);
 * const client = new Client({ driver });
 * const conn = await pool.connect();
 * await conn.query("BEGIN");
 * await client.insertTx(conn, "send_email", { to: "a@example.com" });
 * await conn.query("COMMIT");
 */
export function pgDriver<TTx extends PgClientLike = PgPoolClientLike>(
  pool: PgPoolLike,
  options: PgDriverOptions = {},
): Driver<TTx> {
  const prepare = options.prepare ?? true;
  const listener = options.listen === false ? undefined : (options.listener ?? (() => new PgListener(pool)));
  const poolExecutor = executorOn(pool, prepare);
  return Object.freeze({
    name: "pg",
    executor: () => poolExecutor,
    unwrapTx(tx: TTx): Executor {
      assertTransactionClient(tx);
      const onTx = executorOn(tx, prepare);
      // Checked again before each statement: an executor kept past COMMIT must not autocommit.
      return {
        query: async <R>(sql: string, params?: readonly unknown[]) => {
          assertStillInTransaction(tx);
          try {
            return await onTx.query<R>(sql, params);
          } catch (err) {
            // pg may not have read the status of the failure yet: the server's answer tells.
            if ((err as { code?: unknown }).code === IN_FAILED_TRANSACTION) throw failedTransaction(err);
            throw err;
          }
        },
      };
    },
    async transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T> {
      const conn = await pool.connect();
      let broken: Error | undefined;
      try {
        await conn.query("BEGIN");
        const result = await fn(executorOn(conn, prepare));
        await conn.query("COMMIT");
        return result;
      } catch (err) {
        try {
          await conn.query("ROLLBACK");
        } catch (rollbackErr) {
          broken = rollbackErr as Error;
        }
        throw err;
      } finally {
        conn.release(broken);
      }
    },
    ...(listener ? { listener } : {}),
  });
}
