import type { Executor } from "@tributary/core";
import type { DrizzleFlavor } from "./drizzle-session.js";
import type { NodePgQueryableLike, PgliteLike, PostgresJsQueryableLike } from "./drizzle-types.js";

/**
 * An executor on the client under a Drizzle session. SQL goes to the client directly, not
 * through Drizzle: Drizzle's `execute` has no `$n` text API and would only add a layer.
 * `beforeQuery` lets a transaction executor refuse to run once the transaction is over.
 */
export function clientExecutor(flavor: DrizzleFlavor, client: unknown, beforeQuery?: () => void | Promise<void>): Executor {
  switch (flavor) {
    case "node-postgres":
    case "pglite": {
      const queryable = client as NodePgQueryableLike | PgliteLike;
      return {
        async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
          await beforeQuery?.();
          const result = await queryable.query(sql, params as unknown[] | undefined);
          return result.rows as R[];
        },
      };
    }
    case "postgres.js": {
      const sql = client as PostgresJsQueryableLike;
      return {
        async query<R>(text: string, params?: readonly unknown[]): Promise<R[]> {
          await beforeQuery?.();
          // A postgres.js Result is an Array subclass carrying `count`, `command`…; copy it so
          // every flavour hands core a plain array.
          const result = await sql.unsafe(text, params as unknown[] | undefined);
          return Array.from(result) as R[];
        },
      };
    }
  }
}
