/** Typed workers: `defineWorker(job, fn, opts?)` and the driver-bound `workersFor(driver)`, whose `ctx.client` knows your transaction type. */
import { InvalidArgumentError } from "../base/errors.js";
import type { Driver } from "../driver/driver.js";
import type { JobDefinition } from "../job/job-definition.js";
import type { JobWorker, WorkerFn, WorkerOptions } from "../runtime/worker.js";
import type { Client } from "./client.js";

/**
 * A worker bound to its job definition, for `workers: [...]`. `job.args` is the schema's
 * output (validated before work); `ctx.client` is the client (its transaction type unknown:
 * `workersFor(driver).defineWorker` pins it).
 *
 * @example
 * const sendEmailWorker = defineWorker(sendEmail, async (job, ctx) => mailer.send(job.args.to), { jobTimeout: 30_000 });
 * new Client({ driver, queues: { mail: { maxWorkers: 5 } }, workers: [sendEmailWorker] });
 */
export function defineWorker<const TKind extends string, TOutput>(
  job: JobDefinition<any, TOutput, TKind>,
  work: WorkerFn<TOutput, Client>,
  options: WorkerOptions = {},
): JobWorker<TKind, TOutput, Client> {
  return bindWorker(job, work as WorkerFn, options) as JobWorker<TKind, TOutput, Client>;
}

/** `defineWorker` with `ctx.client` typed by the driver's transaction type (see {@link workersFor}). */
export interface WorkerFactory<TTx> {
  defineWorker<const TKind extends string, TOutput>(
    job: JobDefinition<any, TOutput, TKind>,
    work: WorkerFn<TOutput, Client<TTx>>,
    options?: WorkerOptions,
  ): JobWorker<TKind, TOutput, Client<TTx>>;
}

/**
 * Workers whose `ctx.client` is a `Client<TTx>` for `driver`'s transaction type, so
 * `ctx.client.completeTx(tx, job)` takes your library's own transaction object:
 *
 * @example
 * const { defineWorker } = workersFor(drizzleDriver(db));
 * defineWorker(sendReceipt, async (job, ctx) => db.transaction(async (tx) => { …; await ctx.client.completeTx(tx, job); }));
 */
export function workersFor<TTx>(_driver: Driver<TTx>): WorkerFactory<TTx> {
  return {
    defineWorker: (job, work, options = {}) => bindWorker(job, work as WorkerFn, options) as never,
  };
}

function bindWorker(job: JobDefinition<object, unknown>, work: WorkerFn, options: WorkerOptions): JobWorker {
  if (typeof job !== "object" || job === null || typeof job.kind !== "string") {
    throw new InvalidArgumentError("job", "must be a job definition made by defineJob({ kind, schema? })");
  }
  if (typeof work !== "function") throw new InvalidArgumentError("work", "must be an async function (job, ctx) => …");
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError("options", "must be { jobTimeout?, retryPolicy?, middleware?, hooks?, discardOnInvalidArgs? }");
  return Object.freeze({ ...options, job, work });
}
