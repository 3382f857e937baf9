import type { Scenario } from "../scenario.js";
import { bulkInsert } from "./bulk-insert.js";
import { insertConcurrent } from "./insert-concurrent.js";
import { insertSequential } from "./insert-sequential.js";
import { insertTx } from "./insert-tx.js";
import { latency } from "./latency.js";
import { memory } from "./memory.js";
import { processJobs } from "./process-jobs.js";

/** The default run's scenarios, in order. */
export const DEFAULT_SCENARIOS: readonly Scenario[] = [
  insertSequential,
  insertConcurrent,
  bulkInsert,
  processJobs(10),
  processJobs(50),
  latency,
  insertTx,
];

/** The `--memory` run's scenario. */
export const MEMORY_SCENARIOS: readonly Scenario[] = [memory];
