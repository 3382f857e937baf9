import type { BenchJob } from "./bench-job.js";
import type { NodeMajor } from "./node-runtimes.js";

/** What the database says about the jobs of one run. */
export interface JobCounts {
  /** Jobs ever inserted. */
  total: number;
  /** Jobs that finished successfully. */
  completed: number;
  /** Jobs that failed at least once (retryable or discarded). */
  failed: number;
}

/** Called by a system's worker once per job it runs. */
export type JobHandler = (job: BenchJob) => void;

/**
 * One job queue under test, set up in a database of its own. The primitives are deliberately
 * small (insert, bulk insert, start/stop a worker, count in the database) so that every
 * scenario is written once and measures all systems the same way.
 */
export interface BenchSystem {
  /** Installs the system's schema and opens its connections in the (empty) database at `dbUrl`. */
  setup(dbUrl: string): Promise<void>;
  /** Enqueues one job in its own transaction, the way the system's docs show a single enqueue. */
  insertOne(job: BenchJob): Promise<void>;
  /** Enqueues many jobs with the system's batch API, in one call. */
  bulkInsert(jobs: readonly BenchJob[]): Promise<void>;
  /**
   * Starts a worker in this process that calls `handler` for every job, running at most
   * `concurrency` jobs at a time. Resolves once the worker is running.
   */
  startWorker(concurrency: number, handler: JobHandler): Promise<void>;
  /** Stops the worker gracefully (running jobs finish, completions are flushed). */
  stopWorker(): Promise<void>;
  /** Counts this run's jobs in the database. */
  countJobs(): Promise<JobCounts>;
  /**
   * One application transaction through the system's own database library: a business insert
   * and, when `job` is given, the enqueue of `job` inside the same transaction.
   * Only systems that enqueue inside the caller's transaction implement it.
   */
  businessTransaction?(job: BenchJob | undefined): Promise<void>;
  /**
   * Queues jobs `0..count-1` in the database itself (one INSERT … SELECT), the same rows
   * `bulkInsert` writes, without building them in this process: the memory scenario's
   * preload, so the process it measures is a worker's, not also a producer's.
   */
  preloadQueued?(count: number): Promise<void>;
  /** Closes everything `setup` opened (the database itself is dropped by the harness). */
  teardown(): Promise<void>;
}

/** A system the harness can run: how to name it and how to make a fresh instance. */
export interface SystemSpec {
  /** Stable id used in results and on the command line, e.g. `tributary-pg`. */
  id: string;
  /** Human label for tables and charts. */
  label: string;
  /** Which scenarios the system takes part in (default: every generic scenario). */
  scenarios?: readonly string[];
  /** The Node major version its child processes run on. */
  node: NodeMajor;
  /** Implements `businessTransaction` (enqueue inside the caller's transaction). */
  transactional?: boolean;
  /** V8 flags its child processes run with (default none). */
  nodeFlags?: readonly string[];
  /** The system's exact settings as a function of the concurrency, recorded in the results file. */
  config?: (concurrency: number) => Record<string, unknown>;
  /**
   * Loads the system's module (dynamically, so a missing optional package only skips this
   * system) and returns a factory.
   */
  load(): Promise<() => BenchSystem>;
}
