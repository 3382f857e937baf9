import type { Executor } from "@tributary/core";
import type { PgliteLike } from "./drizzle-types.js";

/**
 * An executor on a PGlite instance or transaction under a Drizzle session. SQL goes to PGlite
 * directly, not through Drizzle: Drizzle's `execute` has no `$n` text API and would only add a
 * layer. `beforeQuery` lets a transaction executor refuse to run once the transaction is over.
 */
export function pgliteExecutor(client: unknown, beforeQuery?: () => void): Executor {
  const pglite = client as PgliteLike;
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      beforeQuery?.();
      const result = await pglite.query(sql, params as unknown[] | undefined);
      return result.rows as R[];
    },
  };
}
