/** requireInserted / requireInsertedTx / requireNotInserted: assert that one job of a kind was inserted, or that none was. */
import { AssertionError } from "node:assert";
import type { Client, JobRow } from "@tributary/core";
import { describeExpected, expectationOf, type JobExpectation, jobDifferences, projection } from "./job-expectation.js";
import { type JobKindRef, kindOf } from "./job-kind.js";
import { listInserted, type ReadOptions } from "./job-mark.js";
import { describeDifference, show } from "./partial-match.js";

/** Options of {@link requireInserted} and {@link requireNotInserted}: what the job must match, and where to look. */
export type RequireInsertedOptions<TArgs extends object = Record<string, unknown>, TTx = unknown> = JobExpectation<TArgs> & ReadOptions<TTx>;

/** How many candidates a failure message lists. */
const SHOWN = 10;

/**
 * Asserts that exactly one job of `job`'s kind matching `opts` was inserted, and returns it.
 * `args` and `metadata` match partially and deeply; `queue`, `priority`, `state`,
 * `maxAttempts`, `tags` and `scheduledAt` must be equal. Looks at every job in the client's
 * schema (inside `opts.tx` when given), or only at those inserted after `opts.since`. Throws
 * node:assert's AssertionError naming, for each job of that kind, the fields that differed;
 * two or more matches throw too (narrow `opts`, or use `requireManyInserted`), as River's
 * `RequireInserted` does.
 *
 * @example
 * const job = await requireInserted(client, sendEmail, { args: { to: "ada@example.com" }, queue: "mail" });
 */
export async function requireInserted<TArgs extends object = Record<string, unknown>, TTx = unknown>(
  client: Client<TTx>,
  job: JobKindRef<TArgs>,
  opts: RequireInsertedOptions<TArgs, TTx> = {},
): Promise<JobRow<TArgs>> {
  const kind = kindOf(job, "requireInserted");
  const expected = expectationOf(opts);
  const candidates = await listInserted(client, [kind], opts);
  const matches = candidates.filter((c) => jobDifferences(c, expected).length === 0);
  if (matches.length === 1) return matches[0] as JobRow<TArgs>;
  const wanted = describeExpected(kind, expected);
  if (matches.length > 1) {
    throw new AssertionError({
      message: `requireInserted: expected one ${wanted}${scope(opts)}, found ${matches.length}: jobs ${matches.map((m) => m.id).join(", ")} (narrow the options, or use requireManyInserted)`,
      actual: matches.map((m) => projection(m, expected)),
      expected,
      operator: "requireInserted",
    });
  }
  if (candidates.length === 0) {
    throw new AssertionError({
      message: `requireInserted: expected ${wanted}${scope(opts)}, but no "${kind}" job was inserted${await otherKinds(client, opts)}`,
      actual: [],
      expected,
      operator: "requireInserted",
    });
  }
  const nearest = [...candidates].sort((a, b) => jobDifferences(a, expected).length - jobDifferences(b, expected).length)[0]!;
  throw new AssertionError({
    message: `requireInserted: expected ${wanted}${scope(opts)}, but none of the ${candidates.length} "${kind}" job(s) matched:\n${candidateLines(candidates, expected)}`,
    actual: projection(nearest, expected),
    expected,
    operator: "requireInserted",
  });
}

/**
 * {@link requireInserted} inside your transaction: it sees the jobs your code inserted there,
 * before (or without ever) committing.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await signUp(tx, "ada@example.com");
 *   await requireInsertedTx(client, tx, "welcome_email", { args: { email: "ada@example.com" } });
 * });
 */
export function requireInsertedTx<TArgs extends object = Record<string, unknown>, TTx = unknown>(
  client: Client<TTx>,
  tx: TTx,
  job: JobKindRef<TArgs>,
  opts: Omit<RequireInsertedOptions<TArgs, TTx>, "tx"> = {},
): Promise<JobRow<TArgs>> {
  return requireInserted(client, job, { ...opts, tx });
}

/**
 * Asserts that no job of `job`'s kind matching `opts` was inserted (with no options: no job
 * of that kind at all). Throws node:assert's AssertionError listing the jobs that matched.
 *
 * @example
 * await requireNotInserted(client, "welcome_email", { args: { email: "rejected@example.com" } });
 */
export async function requireNotInserted<TArgs extends object = Record<string, unknown>, TTx = unknown>(
  client: Client<TTx>,
  job: JobKindRef<TArgs>,
  opts: RequireInsertedOptions<TArgs, TTx> = {},
): Promise<void> {
  const kind = kindOf(job, "requireNotInserted");
  const expected = expectationOf(opts);
  const matches = (await listInserted(client, [kind], opts)).filter((c) => jobDifferences(c, expected).length === 0);
  if (matches.length === 0) return;
  const lines = matches.slice(0, SHOWN).map((m) => `  job ${m.id}: ${show(projection(m, { args: {}, ...(expected as JobExpectation<object>) }))}`);
  if (matches.length > SHOWN) lines.push(`  … and ${matches.length - SHOWN} more`);
  throw new AssertionError({
    message: `requireNotInserted: expected no ${describeExpected(kind, expected).replace(/^a /, "")}${scope(opts)}, found ${matches.length}:\n${lines.join("\n")}`,
    actual: matches.map((m) => projection(m, expected)),
    expected: [],
    operator: "requireNotInserted",
  });
}

/** One line per candidate job: its id and every field that differed. */
export function candidateLines(candidates: readonly JobRow[], expected: JobExpectation<object>): string {
  const lines = candidates.slice(0, SHOWN).map((c) => `  job ${c.id}: ${jobDifferences(c, expected).map(describeDifference).join("; ")}`);
  if (candidates.length > SHOWN) lines.push(`  … and ${candidates.length - SHOWN} more`);
  return lines.join("\n");
}

/** " since the mark" / " in the transaction", so a message says where the helper looked. */
export function scope(opts: ReadOptions<unknown>): string {
  const where = opts.tx === undefined ? "" : " in the transaction";
  if (!opts.since) return where;
  return opts.since.afterId === null ? `${where} (since the mark)` : `${where} (after job ${opts.since.afterId})`;
}

/** ": jobs of other kinds were: a ×2, b ×1", or "" when there were none. */
async function otherKinds<TTx>(client: Client<TTx>, opts: ReadOptions<TTx>): Promise<string> {
  const counts = new Map<string, number>();
  for (const j of await listInserted(client, [], opts)) counts.set(j.kind, (counts.get(j.kind) ?? 0) + 1);
  if (counts.size === 0) return " (no job of any kind was)";
  return `; jobs of other kinds were: ${[...counts].map(([k, n]) => `"${k}" ×${n}`).join(", ")}`;
}
