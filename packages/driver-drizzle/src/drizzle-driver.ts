import { type Driver, type Executor, type Listener, TributaryError } from "@tributary/core";
import { type PgClientLike, PgListener, type PgPoolLike, pgDriver } from "@tributary/driver-pg";
import { PostgresjsListener, type PostgresjsSqlLike, postgresjsDriver } from "@tributary/driver-postgresjs";
import { pgliteExecutor } from "./pglite-executor.js";
import { type DrizzleFlavor, inspectDrizzle } from "./drizzle-session.js";
import type {
  DrizzleDatabaseLike,
  DrizzleTx,
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
  /**
   * Prepare Tributary's parameterised statements on node-postgres and postgres.js (default
   * `true`). Set `false` behind a PgBouncer in transaction mode older than 1.21.
   */
  prepare?: boolean;
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

/** PGlite marks a finished transaction `closed`; checked before every statement. */
function pgliteGuard(tx: PgliteLike): () => void {
  return () => {
    if (tx.closed === true) {
      throw new TributaryError(
        "INVALID_TRANSACTION",
        "driver-drizzle: the transaction passed has already committed or rolled back; call insertTx/completeTx inside the db.transaction(async (tx) => …) callback, before it returns",
      );
    }
  };
}

/**
 * The driver for the client under Drizzle. node-postgres and postgres.js get their own
 * Tributary drivers (the same executors and the same finished/failed-transaction checks);
 * PGlite, which has no driver of its own, runs on the client directly.
 */
function underlyingDriver(
  flavor: DrizzleFlavor,
  client: unknown,
  prepare: boolean,
): Pick<Driver<unknown>, "executor" | "unwrapTx"> {
  switch (flavor) {
    case "node-postgres":
      return pgDriver<PgClientLike>(client as PgPoolLike, { listen: false, prepare }) as Driver<unknown>;
    case "postgres.js":
      return postgresjsDriver(client as PostgresjsSqlLike, { listen: false, prepare }) as Driver<unknown>;
    case "pglite":
      return {
        executor: () => pgliteExecutor(client),
        unwrapTx: (tx) => {
          const guard = pgliteGuard(tx as PgliteLike);
          guard();
          return pgliteExecutor(tx, guard);
        },
      };
  }
}

function transactionExecutor(flavor: DrizzleFlavor, underlying: Pick<Driver<unknown>, "unwrapTx">, tx: unknown): Executor {
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
  return underlying.unwrapTx(info.client);
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
  const underlying = underlyingDriver(flavor, info.client, options.prepare ?? true);
  const rootExecutor = underlying.executor();
  const listener = options.listen === false ? undefined : (options.listener ?? defaultListener(flavor, info.client));
  return Object.freeze({
    name: `drizzle/${flavor}`,
    executor: () => rootExecutor,
    unwrapTx: (tx: DrizzleTx<TDb>): Executor => transactionExecutor(flavor, underlying, tx),
    transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => fn(transactionExecutor(flavor, underlying, tx))) as Promise<T>;
    },
    ...(listener ? { listener } : {}),
  });
}
