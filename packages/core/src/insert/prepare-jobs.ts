/** Turns the arguments of the public insert calls into validated rows, naming the bad field. */
import { InvalidArgumentError, withFieldPrefix } from "../base/errors.js";
import { type JobDefinition, resolveKind } from "../job/job-definition.js";
import type { InsertManyParams, InsertOpts } from "../job/insert-opts.js";
import { type InsertRow, toInsertRow } from "../job/insert-row.js";
import { validateInsertArgs } from "../job/validate-args.js";
import { type InsertRules, insertSchemaOf } from "./insert-rules.js";
import { checkKnownKind } from "./unknown-job-kind.js";

/** A validated job and what to do when its unique key is already taken. */
export interface PreparedJob {
  readonly row: InsertRow;
  readonly onDuplicate: "skip" | "error";
}

/** One job of `insertMany`: by kind name (`{ kind, args }`) or by definition (`{ job, args }`). */
export type InsertManyJob = InsertManyParams<object> | { job: JobDefinition<object, unknown>; args: object; opts?: InsertOpts };

/**
 * One job of `insert`/`insertTx`; `prefix` goes before every field an error names. A kind
 * with a schema has its args round-tripped through exact JSON and validated first (awaiting an
 * async schema), and the row stores that validated input; nothing is sent before.
 */
export async function prepareJob(
  kindOrDef: string | JobDefinition<object, unknown>,
  args: unknown,
  opts: InsertOpts | undefined,
  rules: InsertRules,
  now = new Date(),
  prefix = "",
): Promise<PreparedJob> {
  const schema = insertSchemaOf(kindOrDef, rules);
  const kind = typeof kindOrDef === "object" && kindOrDef !== null ? kindOrDef.kind : kindOrDef;
  const checked = schema ? await validateInsertArgs(schema, kind, args, `${prefix}args`, rules.maxArgsBytes) : args;
  return prepareCheckedJob(kindOrDef, checked, opts, rules, now, prefix);
}

function prepareCheckedJob(
  kindOrDef: string | JobDefinition<object, unknown>,
  args: unknown,
  opts: InsertOpts | undefined,
  rules: InsertRules,
  now: Date,
  prefix: string,
): PreparedJob {
  const resolved = resolveKind(kindOrDef, opts);
  const row = withFieldPrefix(prefix, () => toInsertRow(resolved.kind, args, resolved.opts, rules, now));
  checkKnownKind(row.kind, rules, `${prefix}kind`);
  return { row, onDuplicate: resolved.opts.unique?.onDuplicate ?? "skip" };
}

/**
 * The jobs of `insertMany`/`insertManyTx`; an error names the job: `jobs[3].opts.priority`.
 * Every job is checked (schemas awaited together) before any is sent, so one bad job inserts none.
 */
export async function prepareJobs(jobs: readonly InsertManyJob[], rules: InsertRules): Promise<PreparedJob[]> {
  if (!Array.isArray(jobs)) throw new InvalidArgumentError("jobs", "must be an array of { kind | job, args, opts? }");
  const now = new Date();
  const kinds = jobs.map((j, i) => {
    if (typeof j !== "object" || j === null) throw new InvalidArgumentError(`jobs[${i}]`, "must be { kind | job, args, opts? }");
    return "job" in j && j.job !== undefined ? j.job : (j as InsertManyParams<object>).kind;
  });
  const schemas = kinds.map((k) => insertSchemaOf(k, rules));
  if (schemas.every((s) => s === undefined)) return jobs.map((j, i) => prepareCheckedJob(kinds[i]!, j.args, j.opts, rules, now, `jobs[${i}].`));
  const args = await Promise.all(
    jobs.map((j, i) => {
      const schema = schemas[i];
      const kind = kinds[i]!;
      return schema ? validateInsertArgs(schema, typeof kind === "string" ? kind : kind.kind, j.args, `jobs[${i}].args`, rules.maxArgsBytes) : j.args;
    }),
  );
  return jobs.map((j, i) => prepareCheckedJob(kinds[i]!, args[i], j.opts, rules, now, `jobs[${i}].`));
}
