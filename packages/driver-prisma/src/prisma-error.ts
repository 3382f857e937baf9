import { preparedStatementsUnsupported, TributaryError } from "@tributary/core";

/** Prisma's "Transaction API error" (closed, committed, rolled back or expired transaction). */
const TRANSACTION_API_ERROR = "P2028";
/** PostgreSQL's `in_failed_sql_transaction`: an earlier statement in the transaction failed. */
const IN_FAILED_SQL_TRANSACTION = "25P02";

interface PrismaKnownErrorShape {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
}

/**
 * The PostgreSQL SQLSTATE behind a Prisma raw-query error (P2010), when the driver adapter
 * reported one. Prisma keeps it at `meta.driverAdapterError.cause.originalCode`.
 */
export function sqlStateOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const cause = (err as PrismaKnownErrorShape).meta?.driverAdapterError?.cause;
  const code = cause?.originalCode ?? cause?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Turns the errors Prisma raises for a transaction that can no longer be used into
 * `INVALID_TRANSACTION`, so a caller who kept `tx` past the end of `$transaction` (or let it
 * time out) is told what to fix. Every other error is returned unchanged.
 */
export function translateCallerTxError(err: unknown): unknown {
  if (typeof err !== "object" || err === null) return err;
  const { code, message } = err as PrismaKnownErrorShape;
  const text = typeof message === "string" ? message : "";
  if (code === TRANSACTION_API_ERROR) {
    const expired = /expired transaction|timeout/i.test(text);
    return new TributaryError(
      "INVALID_TRANSACTION",
      expired
        ? "driver-prisma: the Prisma transaction passed has expired (interactive-transaction timeout): raise `timeout` in prisma.$transaction's options or do less work inside it"
        : "driver-prisma: the Prisma transaction passed is already closed (committed or rolled back): call insertTx/completeTx inside the prisma.$transaction(async (tx) => …) callback, before it returns",
      { cause: err },
    );
  }
  if (sqlStateOf(err) === IN_FAILED_SQL_TRANSACTION) {
    return new TributaryError(
      "INVALID_TRANSACTION",
      "driver-prisma: the Prisma transaction passed has already failed (an earlier statement in it raised an error); let $transaction roll it back",
      { cause: err },
    );
  }
  return err;
}

/**
 * Prisma's query engine (without a driver adapter) names its statements; behind a
 * transaction-mode pooler that fails with 42P05/26000, which becomes
 * `PREPARED_STATEMENTS_UNSUPPORTED`. Every other error is returned unchanged.
 */
export function translatePreparedStatementError(err: unknown): unknown {
  return (
    preparedStatementsUnsupported(
      err,
      "driver-prisma",
      "add `pgbouncer=true` to the connection string of a Prisma Client without a driver adapter, or use `@prisma/adapter-pg`, which prepares no named statements",
      sqlStateOf(err),
    ) ?? err
  );
}
