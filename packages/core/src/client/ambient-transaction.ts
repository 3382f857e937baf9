/** `client.withTx`: a transaction that inserts deep in a call stack join without being handed `tx`. */
import { AsyncLocalStorage } from "node:async_hooks";
import { TributaryError } from "../base/errors.js";
import type { Executor } from "../driver/driver.js";

/** One `withTx` scope: the caller's transaction, and whether `fn` is still running. */
interface Scope {
  readonly tx: unknown;
  readonly executor: Executor;
  open: boolean;
}

/**
 * The scopes of one client (each client has its own storage, so two clients never share a
 * scope). Every async call made inside `fn` — awaited or not — sees its scope; a call that
 * reaches it after `fn` settled throws instead of writing outside the transaction.
 */
export class AmbientTransaction {
  readonly #storage = new AsyncLocalStorage<Scope>();

  /** Runs `fn` with `tx` as the ambient transaction. Another transaction's scope around it throws. */
  async run<T>(tx: unknown, executor: () => Executor, fn: () => Promise<T>): Promise<T> {
    const outer = this.#storage.getStore();
    if (outer && outer.open && outer.tx !== tx) {
      throw new TributaryError("INVALID_TRANSACTION", "withTx inside another withTx scope with a different transaction: finish the outer scope first");
    }
    const scope: Scope = { tx, executor: executor(), open: true };
    try {
      return await this.#storage.run(scope, fn);
    } finally {
      scope.open = false;
    }
  }

  /**
   * The executor an insert without `tx` must use: the scope's, or undefined outside any
   * scope. Throws when the scope's `fn` has already settled.
   */
  current(): Executor | undefined {
    const scope = this.#storage.getStore();
    if (!scope) return undefined;
    if (!scope.open) {
      throw new TributaryError(
        "INVALID_TRANSACTION",
        "an insert reached a withTx scope after its function settled (a timer or a detached promise): its transaction is over, so nothing was written",
      );
    }
    return scope.executor;
  }

  /** Refuses `insertTx(otherTx, …)` inside a scope of another transaction. */
  checkExplicit(tx: unknown): void {
    const scope = this.#storage.getStore();
    if (scope?.open && scope.tx !== tx) {
      throw new TributaryError("INVALID_TRANSACTION", "insertTx with a transaction other than the one of the enclosing withTx scope: that would be a second transaction");
    }
  }

  /** Runs `fn` outside every scope (for the runtime's own loops, started from inside one). */
  outside<T>(fn: () => T): T {
    return this.#storage.exit(fn);
  }
}
