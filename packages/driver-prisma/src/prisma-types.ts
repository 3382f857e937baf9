/**
 * The few Prisma Client members the driver uses, declared structurally so the driver never
 * imports `@prisma/client`: the user's own generated client (any 6.x or 7.x, extended with
 * `$extends` or not) is what runs.
 */

/** Options Prisma accepts for an interactive transaction. */
export interface PrismaTransactionOptions {
  /** Longest wait, in milliseconds, for a connection to start the transaction (Prisma's default: 2000). */
  maxWait?: number;
  /** Longest run, in milliseconds, before Prisma rolls the transaction back (Prisma's default: 5000). */
  timeout?: number;
}

/**
 * The interactive-transaction client Prisma passes to `prisma.$transaction(async (tx) => …)`.
 * It runs raw SQL like the root client but has no `$connect`/`$disconnect`.
 */
export interface PrismaTransactionClientLike {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

/** A `PrismaClient` (the root client, not a transaction client). */
export interface PrismaClientLike extends PrismaTransactionClientLike {
  $connect(): PromiseLike<void>;
  $transaction<R>(
    fn: (tx: PrismaTransactionClientLike) => Promise<R>,
    options?: PrismaTransactionOptions,
  ): PromiseLike<R>;
}

/**
 * The interactive-transaction client type of a Prisma client: the parameter of the callback
 * its `$transaction` takes. For a generated `PrismaClient` that is `Prisma.TransactionClient`
 * (with the models, so `tx.order.create` type-checks); for a `$extends` client it carries the
 * extensions too.
 */
export type PrismaTransactionClientOf<TClient> = TClient extends {
  // `infer` on an overloaded method reads the last overload, which Prisma declares as the
  // interactive (callback) form; the array form comes first.
  $transaction(fn: (tx: infer TTx) => Promise<unknown>, ...rest: never[]): unknown;
}
  ? TTx
  : PrismaTransactionClientLike;
