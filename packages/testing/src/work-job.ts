/** workJob: insert a real job and work it once in-process with its registered worker, inside the test's transaction when given. */
import type { Client, InsertOpts, JobDefinition, WorkJobResult } from "@tributary/core";
import { type JobKindRef, kindOf } from "./job-kind.js";

/** Options of {@link workJob}: the insert options of the job, and the transaction to do everything in. */
export interface WorkJobOptions<TTx = unknown> extends InsertOpts {
  /**
   * Your transaction: the job is inserted, worked and its outcome recorded in it, and the
   * worker's own `client.insert` calls join it, so rolling it back leaves nothing behind.
   */
  tx?: TTx;
}

/**
 * Inserts a real `job` row with `args` (inside `opts.tx` when given), then runs the worker
 * registered for its kind on this client once, in this process, with the real context
 * (`ctx.signal`, `ctx.logger`, `recordOutput`, steps, the client's and the worker's
 * middleware and hooks, its timeout), without starting the client. The outcome is recorded
 * as the runtime records it (state, attempt, errors, output, metadata). Resolves to
 * `{ outcome, job, error? }`: `outcome` is the job event the runtime would emit without its
 * `job:` prefix (`"completed"`, `"failed"`, `"snoozed"`, `"cancelled"`, `"discarded"`, …),
 * `job` the row as stored afterwards, `error` what the attempt failed with. A failing worker
 * does not make `workJob` throw: assert on the outcome. Builds on `client.workJobNow`.
 *
 * @example
 * const { outcome, job } = await workJob(client, sendEmail, { to: "ada@example.com" }, { tx });
 * assert.equal(outcome, "completed");
 * assert.deepEqual(job.output, { delivered: true });
 */
export async function workJob<TArgs extends object = Record<string, unknown>, TTx = unknown>(
  client: Client<TTx>,
  job: JobKindRef<TArgs>,
  args: TArgs,
  opts: WorkJobOptions<TTx> = {},
): Promise<WorkJobResult<TArgs>> {
  kindOf(job, "workJob");
  const { tx, ...insertOpts } = opts;
  // One call shape for both forms of `job`: the overloads differ only in how TArgs is inferred.
  const ref = job as JobDefinition<TArgs>;
  const inserted = tx === undefined ? await client.insert(ref, args, insertOpts) : await client.insertTx(tx, ref, args, insertOpts);
  return client.workJobNow<TArgs>(inserted.job.id, tx === undefined ? {} : { tx });
}
