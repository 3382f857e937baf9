/** The `poolDriver` option of a library's driver: its statements outside the caller's transactions run on another driver. */
import { InvalidArgumentError } from "../base/errors.js";
import type { Driver, Executor, Listener } from "./driver.js";

/** The options of a library's driver that decide where its own statements run and how it listens. */
export interface PoolDriverOptions {
  /** A driver on the same database (e.g. `pgDriver(pool)`) for everything outside the caller's transactions. */
  poolDriver?: Driver<unknown>;
  /** Overrides the pool driver's listener. */
  listener?: () => Listener;
  /** `false` polls whatever listener there is. */
  listen?: boolean;
}

/** What a library's driver runs on its own when it has no pool driver. */
export interface OwnStatements {
  name: string;
  executor(): Executor;
  transaction<T>(fn: (executor: Executor) => Promise<T>): Promise<T>;
}

/**
 * Every part of a library's driver but `unwrapTx`: its own `executor` and `transaction`, or,
 * with `options.poolDriver`, the pool driver's (named `<own>+<pool>`, listening through the
 * pool driver's listener unless `listener` or `listen: false` says otherwise, and closing what
 * the pool driver opened). `unwrapTx` stays the library's: the caller's transactions are its.
 * Throws INVALID_ARGUMENT naming `poolDriver` when it is not a driver; `where` says what it
 * must be on (e.g. "on the dialect's pool").
 */
export function withPoolDriver(own: OwnStatements, options: PoolDriverOptions, where: string): Omit<Driver<never>, "unwrapTx"> {
  const { poolDriver } = options;
  if (poolDriver !== undefined) assertDriver(poolDriver, where);
  const makeListener = options.listen === false ? undefined : (options.listener ?? poolDriver?.listener?.bind(poolDriver));
  const statements: Pick<Driver<never>, "executor" | "transaction"> = poolDriver ?? own;
  return {
    name: poolDriver === undefined ? own.name : `${own.name}+${poolDriver.name}`,
    executor: () => statements.executor(),
    transaction: (fn) => statements.transaction(fn),
    ...(makeListener ? { listener: (): Listener => makeListener() } : {}),
    // What the pool driver opened itself (never the user's pool) is released with the client.
    ...(poolDriver?.close ? { close: () => (poolDriver.close as () => Promise<void>)() } : {}),
  };
}

function assertDriver(value: unknown, where: string): asserts value is Driver<unknown> {
  const d = value as Partial<Driver<unknown>> | null;
  if (typeof d !== "object" || d === null || typeof d.executor !== "function" || typeof d.transaction !== "function") {
    throw new InvalidArgumentError("poolDriver", `must be a Tributary driver ${where}, e.g. pgDriver(pool); got ${value === null ? "null" : typeof value}`);
  }
}
