import { type Driver, type Executor, type Listener, TributaryError, withPoolDriver } from "@tributary/core";
import { translateCallerTxError, translatePreparedStatementError } from "./prisma-error.js";
import type {
  PrismaClientLike,
  PrismaTransactionClientLike,
  PrismaTransactionClientOf,
  PrismaTransactionOptions,
} from "./prisma-types.js";

/** Options of {@link prismaDriver}. */
export interface PrismaDriverOptions {
  /**
   * Prisma cannot LISTEN, so by default the client polls for new jobs. Give a factory of a
   * listener on a separate connection to be woken up at once instead, e.g.
   * `() => new PgListener(pool)` from `@tributary/driver-pg` on a small `pg.Pool`.
   */
  listener?: () => Listener;
  /** `false` polls even when `listener` is given (e.g. one shared options object per environment). */
  listen?: boolean;
  /**
   * Options for the transactions the driver opens itself (migrations, leader election,
   * maintenance); never applied to yours. Default: `{ maxWait: 10_000, timeout: 60_000 }`,
   * because Prisma's own 5 s timeout is short for a migration waiting on another process.
   */
  transactionOptions?: PrismaTransactionOptions;
  /**
   * A driver on the same database, e.g. `pgDriver(pool)` on a `pg.Pool`, to run the statements
   * Tributary sends outside your transactions (`insert`, fetching, completion, maintenance) and
   * its own transactions. Prisma adds its own cost to every raw query and never prepares
   * Tributary's statements by name; pgDriver prepares them once per connection. `insertTx` and
   * `completeTx` still run on the `tx` Prisma hands you. Without `listener`, the driver listens
   * through this driver's listener (if it has one); `transactionOptions` no longer apply.
   */
  poolDriver?: Driver<unknown>;
}

const DEFAULT_TRANSACTION_OPTIONS: PrismaTransactionOptions = Object.freeze({ maxWait: 10_000, timeout: 60_000 });

function executorOn(client: PrismaTransactionClientLike, translateError?: (err: unknown) => unknown): Executor {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      try {
        return await client.$queryRawUnsafe<R[]>(sql, ...params);
      } catch (err) {
        throw translatePreparedStatementError(translateError ? translateError(err) : err);
      }
    },
  };
}

function assertTransactionClient(tx: unknown, root: PrismaClientLike): asserts tx is PrismaTransactionClientLike {
  if (
    typeof tx !== "object" ||
    tx === null ||
    typeof (tx as PrismaTransactionClientLike).$queryRawUnsafe !== "function"
  ) {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-prisma: insertTx/completeTx need the `tx` given by prisma.$transaction(async (tx) => …); got " +
        (tx === null ? "null" : typeof tx),
    );
  }
  // A transaction client lacks $connect; instanceof and constructor names tell nothing here.
  if (tx === root || typeof (tx as Partial<PrismaClientLike>).$connect === "function") {
    throw new TributaryError(
      "INVALID_TRANSACTION",
      "driver-prisma: got the PrismaClient itself where a transaction was expected: run the call inside " +
        "prisma.$transaction(async (tx) => …) and pass that `tx` (or use client.insert() to insert outside a transaction)",
    );
  }
}

/**
 * A Tributary driver on a Prisma Client (Prisma 6 or 7, any adapter on PostgreSQL). The native
 * transaction type is the interactive-transaction client of `prisma.$transaction(async (tx) => …)`,
 * so a job commits or rolls back with the business writes made through that `tx`.
 *
 * Prisma cannot LISTEN: without {@link PrismaDriverOptions.listener} the client polls.
 *
 * @example
 * const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
 * const client = new Client({ driver: prismaDriver(prisma) });
 * await prisma.$transaction(async (tx) => {
 *   const order = await tx.order.create({ data });
 *   await client.insertTx(tx, "send_receipt", { orderId: order.id });
 * });
 */
export function prismaDriver<TClient extends PrismaClientLike>(
  prisma: TClient,
  options: PrismaDriverOptions = {},
): Driver<PrismaTransactionClientOf<TClient>> {
  const transactionOptions = Object.freeze({ ...DEFAULT_TRANSACTION_OPTIONS, ...options.transactionOptions });
  const own = executorOn(prisma);
  return Object.freeze({
    ...withPoolDriver(
      {
        name: "prisma",
        executor: () => own,
        transaction: (fn) => Promise.resolve(prisma.$transaction((tx) => fn(executorOn(tx)), transactionOptions)),
      },
      options,
      "on the same database",
    ),
    unwrapTx(tx: PrismaTransactionClientOf<TClient>): Executor {
      assertTransactionClient(tx, prisma);
      return executorOn(tx, translateCallerTxError);
    },
  });
}
