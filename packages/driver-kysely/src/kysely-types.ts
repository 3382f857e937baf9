/**
 * The few Kysely members the driver uses, declared structurally so the driver never imports
 * `kysely` at runtime: the user's own copy (any 0.27–0.29 release) is what runs, and no
 * `instanceof` check can trip over two copies of the library.
 */

/**
 * The shape of `RawNode.createWithSql(sql)`: a raw statement with no child nodes. Kysely only
 * reads it for logging and plugins; the dialects execute `sql` and `parameters`.
 */
export interface KyselyRawNodeLike {
  readonly kind: "RawNode";
  readonly sqlFragments: readonly string[];
  readonly parameters: readonly never[];
}

/**
 * The shape of `CompiledQuery.raw(sql, parameters)`. Both `PostgresDialect` (pg) and
 * `kysely-postgres-js` run `sql` with `parameters`; `queryId` (kysely ≥ 0.28) is the identity
 * plugins key their per-query state on.
 */
export interface KyselyCompiledQueryLike {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly query: KyselyRawNodeLike;
  readonly queryId: { readonly queryId: string };
}

/** What `executeQuery` resolves to (`QueryResult` in Kysely). */
export interface KyselyQueryResultLike {
  readonly rows: unknown[];
}

/** Anything that can run a compiled query: a `Kysely`, a `Transaction`, a `ControlledTransaction`. */
export interface KyselyQueryableLike {
  /** `false` on the root `Kysely`, `true` on a `Transaction`. */
  readonly isTransaction: boolean;
  executeQuery(query: KyselyCompiledQueryLike): Promise<KyselyQueryResultLike>;
  /**
   * The same instance with the user's plugins removed. The driver runs its SQL without them so
   * that, e.g., `CamelCasePlugin` does not rename the columns core reads.
   */
  withoutPlugins?(): KyselyQueryableLike;
}

/** The root `Kysely` instance. */
export interface KyselyLike extends KyselyQueryableLike {
  transaction(): {
    execute<T>(callback: (trx: KyselyTransactionLike) => Promise<T>): Promise<T>;
  };
}

/**
 * A `Transaction` (from `db.transaction().execute`) or a `ControlledTransaction` (from
 * `db.startTransaction().execute()`); only the latter exposes `isCommitted`/`isRolledBack`.
 */
export interface KyselyTransactionLike extends KyselyQueryableLike {
  readonly isTransaction: true;
  readonly isCommitted?: boolean;
  readonly isRolledBack?: boolean;
}
