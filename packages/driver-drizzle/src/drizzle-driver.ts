import { type Driver, type Executor, type Listener, TributaryError } from "@tributary/core";
import { PgListener, type PgPoolLike } from "@tributary/driver-pg";
import { PostgresjsListener, type PostgresjsSqlLike } from "@tributary/driver-postgresjs";
import { clientExecutor } from "./client-executor.js";
import { type DrizzleFlavor, inspectDrizzle } from "./drizzle-session.js";
import type {
  DrizzleDatabaseLike,
  DrizzleTx,
  NodePgQueryableLike,
  PgliteLike,
  PostgresJsQueryableLike,
} from "./drizzle-types.js";
import { PgliteListener, type PgliteListenable } from "./pglite-listener.js";

/** Options of {@link drizzleDriver}. */
export interface DrizzleDriverOptions {
  /**
   * LISTEN for wake-ups and control messages (default `true`). Set `false` to poll only,
   * e.g. behind a transaction-mode PgBouncer.
   */
  listen?: boolean;
  /**
   * Builds the listener instead of the default one: node-postgres → a connection kept out of
   * the `Pool`; postgres.js → `sql.listen`; PGlite → `pglite.listen`. Needed when Drizzle runs
   * on a single `pg.Client`, where the driver has no pool to take a listening connection from.
   */
  listener?: () => Listener;
}

const SUPPORTED = "Drizzle on node-postgres (drizzle-orm/node-postgres), postgres.js (drizzle-orm/postgres-js) or PGlite (drizzle-orm/pglite)";

function describe(value: unknown): string {
  return value === null ? "null" : typeof value;
}

function isPgPool(client: unknown): client is PgPoolLike {
  const pool = client as { connect?: unknown; totalCount?: unknown };
  return typeof pool.connect === "function" && typeof pool.totalCount === "number";
}

function defaultListener(flavor: DrizzleFlavor, client: unknown): (() => Listener) | undefined {
  switch (flavor) {
    case "node-postgres":
      // A single pg.Client has no spare connection to LISTEN on, and opening one would mean
      // importing pg: such users pass `listener` or get polling.
      return isPgPool(client) ? () => new PgListener(client) : undefined;
    case "postgres.js": {
      const sql = client as PostgresJsQueryableLike;
      return typeof sql.listen === "function" ? () => new PostgresjsListener(sql as unknown as PostgresjsSqlLike) : undefined;
    }
    case "pglite": {
      const pglite = client as PgliteLike;
      return typeof pglite.listen === "function" && typeof pglite.unlisten === "function"
        ? () => new PgliteListener(pglite as PgliteListenable)
        : undefined;
    }
  }
}

/**
 * PostgreSQL sets a statement's start time equal to its transaction's start time exactly when
 * the statement is the first command of its transaction, i.e. when it runs outside a
 * transaction block. Inside `db.transaction`, BEGIN came earlier, so they differ.
 */
const FIRST_COMMAND_SQL = "SELECT transaction_timestamp() = statement_timestamp() AS first_command";

/**
 * A check run before every statement on a caller's transaction, so a `tx` used after its
 * callback returned is refused before anything is written.
 */
function transactionGuard(flavor: DrizzleFlavor, client: unknown): () => void | Promise<void> {
  switch (flavor) {
    case "node-postgres": {
      const conn = client as NodePgQueryableLike;
      return () => {
        const status = conn.getTransactionStatus?.();
        if (status === "I") throw finishedTransaction();
        if (status === "E") throw failedTransaction();
      };
    }
    case "pglite": {
      const tx = client as PgliteLike;
      return () => {
        if (tx.closed === true) throw finishedTransaction();
      };
    }
    case "postgres.js": {
      // postgres.js keeps no state on a finished TransactionSql: it sends later statements to
      // a pooled connection, where they would commit on their own. So the server is asked
      // before every statement (a round trip; the same check as @tributary/driver-postgresjs).
      const sql = client as PostgresJsQueryableLike;
      return async () => {
        let rows: ArrayLike<Record<string, unknown>>;
        try {
          rows = await sql.unsafe(FIRST_COMMAND_SQL);
        } catch (err) {
          if ((err as { code?: unknown }).code === IN_FAILED_TRANSACTION) throw failedTransaction(err);
          throw err;
        }
        if (rows[0]?.first_command !== false) throw finishedTransaction();
      };
    }
  }
}

/** SQLSTATE of "current transaction is aborted, commands ignored until end of transaction block". */
const IN_FAILED_TRANSACTION = "25P02";

function failedTransaction(cause?: unknown): TributaryError {
  return new TributaryError(
    "INVALID_TRANSACTION",
    "driver-drizzle: the transaction passed has already failed (a statement in it raised an error); it can only roll back",
    cause === undefined ? undefined : { cause },
  );
}

function finishedTransaction(): TributaryError {
  return new TributaryError(
    "INVALID_TRANSACTION",
    "driver-drizzle: the transaction passed has already committed or rolled back; call insertTx/completeTx inside the db.transaction(async (tx) => …) callback, before it returns",
  );
}

function transactionExecutor(flavor: DrizzleFlavor, tx: unknown): Executor {
  if (typeof tx !== "object" || tx === null) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      `driver-drizzle: insertTx/completeTx need the \`tx\` that db.transaction(async (tx) => …) hands its callback; got ${describe(tx)}`,
    );
  }
  const info = inspectDrizzle(tx);
  if (info.isDrizzle && !info.isTransaction) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-drizzle: got the Drizzle database itself where a transaction was expected; run the call inside db.transaction(async (tx) => …) and pass `tx`, not `db` (use client.insert for a write outside any transaction)",
    );
  }
  if (!info.isTransaction) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-drizzle: the object passed as a transaction is not a Drizzle transaction; pass the `tx` that db.transaction(async (tx) => …) hands its callback",
    );
  }
  if (info.flavor !== flavor) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      `driver-drizzle: the transaction runs on ${info.flavor ?? info.sessionKind ?? "an unknown client"} but this driver was built on Drizzle over ${flavor}; pass a transaction of the database given to drizzleDriver`,
    );
  }
  const guard = transactionGuard(flavor, info.client);
  // Where the check is synchronous (node-postgres, PGlite), unwrapTx itself refuses a finished tx.
  if (flavor !== "postgres.js") guard();
  return clientExecutor(flavor, info.client, guard);
}

/**
 * A Tributary driver on a Drizzle database running on node-postgres, postgres.js or PGlite.
 * The native transaction type is the `tx` that `db.transaction(async (tx) => …)` hands its
 * callback (savepoint `tx.transaction` included), so a job commits or rolls back with the
 * application's own writes.
 *
 * SQL runs on the client under Drizzle (`pg.Pool`/`PoolClient`, postgres.js `sql`, `PGlite`),
 * never through Drizzle's query builder, and never with Date or object parameters: Drizzle
 * changes the type handling of a postgres.js client it wraps.
 *
 * @example
 * const db = drizzle(pool);
 * const client = new Client({ driver: drizzleDriver(db) });
 * await db.transaction(async (tx) => {
 *   await tx.insert(orders).values(order);
 *   await client.insertTx(tx, "send_receipt", { orderId: order.id });
 * });
 */
export function drizzleDriver<TDb extends DrizzleDatabaseLike>(
  db: TDb,
  options: DrizzleDriverOptions = {},
): Driver<DrizzleTx<TDb>> {
  if (typeof db !== "object" || db === null) {
    throw new TributaryError("INVALID_ARGUMENT", `drizzleDriver: expected a Drizzle database; got ${describe(db)}`);
  }
  const info = inspectDrizzle(db);
  if (info.isTransaction) {
    throw new TributaryError(
      "INVALID_ARGUMENT",
      "drizzleDriver: got a Drizzle transaction; build the driver once on the database (`drizzle(…)`) and pass transactions to insertTx",
    );
  }
  if (!info.isDrizzle || info.flavor === undefined) {
    throw new TributaryError(
      "INVALID_ARGUMENT",
      `drizzleDriver: supports ${SUPPORTED}; this object ${info.sessionKind ? `runs on ${info.sessionKind}` : "is not a Drizzle PostgreSQL database"}`,
    );
  }
  const flavor = info.flavor;
  const rootExecutor = clientExecutor(flavor, info.client);
  const listener = options.listen === false ? undefined : (options.listener ?? defaultListener(flavor, info.client));
  return Object.freeze({
    name: `drizzle/${flavor}`,
    capabilities: Object.freeze({ listen: listener !== undefined }),
    executor: () => rootExecutor,
    unwrapTx: (tx: DrizzleTx<TDb>): Executor => transactionExecutor(flavor, tx),
    transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => fn(transactionExecutor(flavor, tx))) as Promise<T>;
    },
    ...(listener ? { listener } : {}),
  });
}
