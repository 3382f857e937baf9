/** Turns the arguments of the public insert calls into validated rows, naming the bad field. */
import { InvalidArgumentError, withFieldPrefix } from "../base/errors.js";
import { type JobDefinition, resolveKind } from "../job/job-definition.js";
import type { InsertManyParams, InsertOpts } from "../job/insert-opts.js";
import { type InsertRow, toInsertRow } from "../job/insert-row.js";
import type { InsertRules } from "./insert-rules.js";
import { checkKnownKind } from "./unknown-job-kind.js";

/** A validated job and what to do when its unique key is already taken. */
export interface PreparedJob {
  readonly row: InsertRow;
  readonly onDuplicate: "skip" | "error";
}

/** One job of `insert`/`insertTx`; `prefix` goes before every field an error names. */
export function prepareJob(
  kindOrDef: string | JobDefinition<object>,
  args: unknown,
  opts: InsertOpts | undefined,
  rules: InsertRules,
  now = new Date(),
  prefix = "",
): PreparedJob {
  const resolved = resolveKind(kindOrDef, opts);
  const row = withFieldPrefix(prefix, () => toInsertRow(resolved.kind, args, resolved.opts, rules, now));
  checkKnownKind(row.kind, rules, `${prefix}kind`);
  return { row, onDuplicate: resolved.opts.unique?.onDuplicate ?? "skip" };
}

/**
 * The jobs of `insertMany`/`insertManyTx`; an error names the job: `jobs[3].opts.priority`.
 * Every job is checked before any is sent, so one bad job inserts none.
 */
export function prepareJobs(jobs: readonly InsertManyParams<object>[], rules: InsertRules): PreparedJob[] {
  if (!Array.isArray(jobs)) throw new InvalidArgumentError("jobs", "must be an array of { kind, args, opts? }");
  const now = new Date();
  return jobs.map((j, i) => {
    if (typeof j !== "object" || j === null) throw new InvalidArgumentError(`jobs[${i}]`, "must be { kind, args, opts? }");
    return prepareJob(j.kind, j.args, j.opts, rules, now, `jobs[${i}].`);
  });
}
