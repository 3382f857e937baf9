// The driver conformance suite's entry point: one run of every block against one driver.
import { describe } from "vitest";
import { adminBulkBlock } from "./blocks/admin-bulk.js";
import { adminCursorBlock } from "./blocks/admin-cursor.js";
import { adminListBlock } from "./blocks/admin-list.js";
import { adminQueuesBlock } from "./blocks/admin-queues.js";
import { executorBlock } from "./blocks/executor.js";
import { insertBlock } from "./blocks/insert.js";
import { insertMiddlewareBlock } from "./blocks/insert-middleware.js";
import { insertTxBlock } from "./blocks/insert-tx.js";
import { jobFeaturesBlock } from "./blocks/job-features.js";
import { listenerBlock } from "./blocks/listener.js";
import { transactionBlock } from "./blocks/transaction.js";
import { unwrapTxBlock } from "./blocks/unwrap-tx.js";
import { withTxBlock } from "./blocks/with-tx.js";
import { workBlock } from "./blocks/work.js";
import { type ConformanceOptions, conformanceContext } from "./conformance-context.js";
import type { ConformanceTarget } from "./conformance-target.js";
import { runExactJsonAndUniqueKeyConformance } from "./exact-json-and-unique-keys.js";

export type { ConformanceOptions } from "./conformance-context.js";

/**
 * The driver conformance suite: every behaviour Tributary promises, run through one driver.
 * A driver package calls this from a vitest test file; passing it is what makes a driver
 * acceptable. Each run works in a fresh schema it creates and drops.
 *
 * @example
 * runDriverConformance({
 *   name: "pg",
 *   async setup(url) {
 *     const pool = new pg.Pool({ connectionString: url });
 *     return {
 *       driver: pgDriver(pool),
 *       root: pool,
 *       inTransaction: (fn) => withPgTransaction(pool, fn),
 *       poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount }),
 *       teardown: () => pool.end(),
 *     };
 *   },
 * });
 */
export function runDriverConformance<TTx>(target: ConformanceTarget<TTx>, options: ConformanceOptions = {}): void {
  describe(`driver conformance: ${target.name}`, () => {
    const ctx = conformanceContext(target, options);
    // The driver contract, block by block (River's riverdrivertest), then the client on top of it.
    executorBlock(ctx);
    transactionBlock(ctx);
    unwrapTxBlock(ctx);
    listenerBlock(ctx);
    insertBlock(ctx);
    insertTxBlock(ctx);
    insertMiddlewareBlock(ctx);
    withTxBlock(ctx);
    workBlock(ctx);
    jobFeaturesBlock(ctx);
    // The listing and admin API (River's filters, cursor, bulk actions, queues).
    adminListBlock(ctx);
    adminCursorBlock(ctx);
    adminBulkBlock(ctx);
    adminQueuesBlock(ctx);
  });
  // River's golden unique keys and exact JSON numbers, through this driver (a describe of its own).
  runExactJsonAndUniqueKeyConformance(target, options);
}
