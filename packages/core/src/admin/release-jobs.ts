/** Moving `pending` jobs on (River's InsertOpts.Pending): to available when due, else scheduled. */
import { InvalidArgumentError } from "../base/errors.js";
import type { Executor } from "../driver/driver.js";
import { integerArrayLiteral } from "../sql/array-literal.js";
import { type AdminContext, runAdminQuery } from "./admin-context.js";
import { type JobId, jobId } from "./job-id.js";

/** Releases the pending jobs among `ids`; returns the ids released (others are left as they are). */
export async function releaseJobs(ctx: AdminContext, ids: readonly JobId[], executor?: Executor): Promise<string[]> {
  if (!Array.isArray(ids)) throw new InvalidArgumentError("ids", "must be a list of job ids");
  const list = ids.map((id, i) => jobId(id, `ids[${i}]`));
  if (list.length === 0) return [];
  const [row] = await runAdminQuery<{ ids: string }>(ctx, executor, (s) => ({
    sql: s.jobs.releasePending,
    params: [integerArrayLiteral(list), s.tables.channels.insert],
  }));
  return JSON.parse(row!.ids) as string[];
}
