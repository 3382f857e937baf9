/**
 * The few postgres.js methods the driver uses, declared structurally so the driver never
 * imports `postgres`: the user's own copy (any 3.4.x) is what runs.
 *
 * postgres.js `sql` objects are functions with methods attached, so none of these is a plain
 * object at runtime.
 */

/** What every postgres.js query object (`sql`, a `TransactionSql`, a `ReservedSql`) has. */
export interface PostgresjsQueryableLike {
  /**
   * Runs `query` with `$1..$n` placeholders. Without parameters postgres.js uses the simple
   * protocol (several statements allowed); with them, an unnamed extended-protocol statement.
   * Resolves to a `Result`, an `Array` subclass of row objects.
   */
  unsafe(query: string, parameters?: unknown[], options?: { prepare?: boolean }): PromiseLike<ArrayLike<unknown>>;
}

/** The `tx` that `sql.begin(async (tx) => …)` hands the application. */
export interface PostgresjsTransactionLike extends PostgresjsQueryableLike {
  /** Only transaction objects have it: how the driver tells a `tx` from the root `sql`. */
  savepoint: (...args: never[]) => unknown;
}

/** What `sql.listen` resolves to. */
export interface PostgresjsListenMetaLike {
  unlisten(): PromiseLike<unknown>;
}

/** One direction of a postgres.js `transform` option, as parsed into `sql.options`. */
export interface PostgresjsTransformLike {
  from?: unknown;
}

/** The root `sql` returned by `postgres(url, options)`. */
export interface PostgresjsSqlLike extends PostgresjsQueryableLike {
  /** The parsed options; read only to refuse result transforms (see `postgresjsDriver`). */
  readonly options?: {
    transform?: { column?: PostgresjsTransformLike; value?: PostgresjsTransformLike; row?: PostgresjsTransformLike };
  };
  /** Reserves a connection, runs BEGIN, calls `cb`, then COMMIT (or ROLLBACK when it throws). */
  begin<T>(cb: (tx: PostgresjsTransactionLike) => T | Promise<T>): PromiseLike<unknown>;
  /**
   * LISTENs on `channel` on a connection of its own (quoting the name itself). postgres.js
   * re-LISTENs after that connection drops and calls `onlisten` after every (re)LISTEN.
   */
  listen(
    channel: string,
    onnotify: (payload: string) => void,
    onlisten?: () => void,
  ): PromiseLike<PostgresjsListenMetaLike>;
  end(options?: { timeout?: number }): PromiseLike<void>;
}
