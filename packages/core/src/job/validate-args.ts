/** Checks job args against a job's Standard Schema: at insert (after a round trip through exact JSON) and before work. */
import { InvalidArgumentError } from "../base/errors.js";
import { parseExactJson } from "../json/exact-json-parse.js";
import { serializeJsonObject } from "./json-payload.js";
import type { StandardSchemaIssue, StandardSchemaResult, StandardSchemaV1 } from "./standard-schema.js";

/**
 * Args a job's schema refused (code INVALID_ARGUMENT), at insert or before work. `issues` are
 * the schema's own, as its library reported them; the message lists them with their paths.
 */
export class InvalidJobArgsError extends InvalidArgumentError {
  /** The schema's issues, as its library reported them. */
  readonly issues: readonly StandardSchemaIssue[];
  /** The kind whose schema refused the args. */
  readonly kind: string;

  constructor(field: string, kind: string, issues: readonly StandardSchemaIssue[]) {
    super(field, `does not match the schema of "${kind}": ${describeIssues(issues)}`);
    this.issues = issues;
    this.kind = kind;
  }
}

/**
 * The args an insert stores, validated: they are first written to JSON and read back exactly
 * (what the row will hold: a `Date` becomes a string, an integer beyond 2^53 a `bigint`),
 * then validated, awaiting an async schema. Returns the round-tripped input (the row stores
 * the input, so a worker's validation sees what the schema saw here), not the schema's output.
 */
export async function validateInsertArgs(schema: StandardSchemaV1, kind: string, args: unknown, field: string, maxArgsBytes: number): Promise<object> {
  return checkInsertArgs(schema, kind, args, field, maxArgsBytes);
}

/**
 * {@link validateInsertArgs} without a needless await: a synchronous schema answers (or
 * throws) at once, an async one gives a Promise. For checks at construction (periodic jobs).
 */
export function checkInsertArgs(schema: StandardSchemaV1, kind: string, args: unknown, field: string, maxArgsBytes: number): object | Promise<object> {
  const stored = parseExactJson(serializeJsonObject(args, field, maxArgsBytes)) as object;
  const answer = (result: StandardSchemaResult<unknown>): object => {
    if (result.issues) throw new InvalidJobArgsError(field, kind, result.issues);
    return stored;
  };
  const result = schema["~standard"].validate(stored);
  return result instanceof Promise ? result.then(answer) : answer(result);
}

/** The schema's output for a fetched job's stored args; throws InvalidJobArgsError naming `args`. */
export async function validateStoredArgs(schema: StandardSchemaV1, kind: string, args: unknown): Promise<unknown> {
  const result = await schema["~standard"].validate(args);
  if (result.issues) throw new InvalidJobArgsError("args", kind, result.issues);
  return result.value;
}

/** `to: Expected string, received number; items.0: Required` (at most 10 issues). */
function describeIssues(issues: readonly StandardSchemaIssue[]): string {
  const shown = issues.slice(0, 10).map((issue) => {
    const path = (issue.path ?? []).map((seg) => String(typeof seg === "object" && seg !== null ? seg.key : seg)).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = issues.length > 10 ? `; and ${issues.length - 10} more` : "";
  return `${shown.join("; ")}${more}`;
}
