/** Turns the arguments of the public insert calls into validated rows, naming the bad field. */
import { InvalidArgumentError, withFieldPrefix } from "../base/errors.js";
import { type JobDefinition, resolveKind } from "../job/job-definition.js";
import type { InsertManyParams, InsertOpts } from "../job/insert-opts.js";
import { type InsertRow, toInsertRow } from "../job/insert-row.js";

/** A validated job and what to do when its unique key is already taken. */
export interface PreparedJob {
  readonly row: InsertRow;
  readonly onDuplicate: "skip" | "error";
}

/** One job of `insert`/`insertTx`. */
export function prepareJob(kindOrDef: string | JobDefinition<object>, args: unknown, opts: InsertOpts | undefined, now = new Date()): PreparedJob {
  const resolved = resolveKind(kindOrDef, opts);
  return {
    row: toInsertRow(resolved.kind, args, resolved.opts, now),
    onDuplicate: resolved.opts.unique?.onDuplicate ?? "skip",
  };
}

/** The jobs of `insertMany`/`insertManyTx`; an error names the job: `jobs[3].opts.priority`. */
export function prepareJobs(jobs: readonly InsertManyParams<object>[]): PreparedJob[] {
  if (!Array.isArray(jobs)) throw new InvalidArgumentError("jobs", "must be an array of { kind, args, opts? }");
  const now = new Date();
  return jobs.map((j, i) => {
    if (typeof j !== "object" || j === null) throw new InvalidArgumentError(`jobs[${i}]`, "must be { kind, args, opts? }");
    return withFieldPrefix(`jobs[${i}].`, () => prepareJob(j.kind, j.args, j.opts, now));
  });
}
