// An executor on a PGlite instance or transaction under a Drizzle session.
import { type Executor, TributaryError } from "@tributary/core";
import type { PgliteLike } from "./drizzle-types.js";

/** SQLSTATE of "current transaction is aborted, commands ignored until end of transaction block". */
const IN_FAILED_TRANSACTION = "25P02";

/**
 * An executor on a PGlite instance or transaction under a Drizzle session. SQL goes to PGlite
 * directly, not through Drizzle: Drizzle's `execute` has no `$n` text API and would only add a
 * layer. `beforeQuery` lets a transaction executor refuse to run once the transaction is over;
 * a transaction executor (one with `beforeQuery`) also reports a failed transaction as such.
 */
export function pgliteExecutor(client: unknown, beforeQuery?: () => void): Executor {
  const pglite = client as PgliteLike;
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      beforeQuery?.();
      try {
        const result = await pglite.query(sql, params as unknown[] | undefined);
        return result.rows as R[];
      } catch (err) {
        if (beforeQuery && (err as { code?: unknown } | null)?.code === IN_FAILED_TRANSACTION) {
          throw new TributaryError(
            "INVALID_TRANSACTION",
            "driver-drizzle: the transaction passed has already failed (an earlier statement in it raised an error); let db.transaction roll it back",
            { cause: err },
          );
        }
        throw err;
      }
    },
  };
}
