/** requireManyInserted: assert the exact sequence of jobs, of the kinds named, inserted since the mark. */
import { AssertionError } from "node:assert";
import { type Client, InvalidArgumentError, type JobRow } from "@tributary/core";
import { describeExpected, expectationOf, type JobExpectation, jobDifferences, projection } from "./job-expectation.js";
import { type JobKindRef, kindOf } from "./job-kind.js";
import { listInserted, type ReadOptions } from "./job-mark.js";
import { describeDifference, show } from "./partial-match.js";
import { scope } from "./require-inserted.js";

/** One expected job of the sequence: its kind and, optionally, what it must match. */
export type ExpectedJob<TArgs extends object = Record<string, unknown>> = JobExpectation<TArgs> & { job: JobKindRef<TArgs> };

/**
 * Asserts that the jobs of the kinds named in `expected`, inserted in the client's schema (or
 * after `opts.since`, inside `opts.tx`), are exactly `expected` in insertion (id) order: same
 * count, same kind at each position, each matching its options as in `requireInserted`. Jobs
 * of other kinds are ignored, as in River's `RequireManyInserted`. Returns the jobs in order;
 * throws node:assert's AssertionError showing both sequences and what differed at each position.
 *
 * @example
 * await requireManyInserted(client, [
 *   { job: "charge_card", args: { orderId } },
 *   { job: sendEmail, args: { to: "ada@example.com" } },
 * ], { since });
 */
export async function requireManyInserted<TTx = unknown>(
  client: Client<TTx>,
  expected: readonly ExpectedJob<object>[],
  opts: ReadOptions<TTx> = {},
): Promise<JobRow[]> {
  if (!Array.isArray(expected) || expected.length === 0) {
    throw new InvalidArgumentError("requireManyInserted: expected", "must be a non-empty list of { job, args?, … }");
  }
  const wanted = expected.map((e, i) => ({ kind: kindOf(e?.job, `requireManyInserted: expected[${i}]`), expectation: expectationOf(e as JobExpectation<object>) }));
  const kinds = [...new Set(wanted.map((w) => w.kind))];
  const found = await listInserted(client, kinds, opts);
  const problems: string[] = [];
  for (let i = 0; i < Math.max(found.length, wanted.length); i++) {
    const job = found[i];
    const want = wanted[i];
    if (!want) problems.push(`  [${i}] unexpected job ${job!.id} of kind "${job!.kind}" (args ${show(job!.args)})`);
    else if (!job) problems.push(`  [${i}] missing: ${describeExpected(want.kind, want.expectation)}`);
    else if (job.kind !== want.kind) problems.push(`  [${i}] job ${job.id}: kind: expected "${want.kind}", got "${job.kind}"`);
    else {
      const diffs = jobDifferences(job, want.expectation);
      if (diffs.length > 0) problems.push(`  [${i}] job ${job.id}: ${diffs.map(describeDifference).join("; ")}`);
    }
  }
  if (problems.length === 0) return found;
  const expectedKinds = wanted.map((w) => w.kind);
  const foundKinds = found.map((j) => j.kind);
  throw new AssertionError({
    message: [
      `requireManyInserted: the ${found.length} job(s) of kind(s) ${kinds.map((k) => `"${k}"`).join(", ")}${scope(opts)} are not the ${wanted.length} expected`,
      `  expected: [${expectedKinds.map((k) => `"${k}"`).join(", ")}]`,
      `  found:    [${foundKinds.map((k) => `"${k}"`).join(", ")}]`,
      ...problems,
    ].join("\n"),
    actual: found.map((j, i) => ({ kind: j.kind, ...projection(j, wanted[i]?.expectation ?? {}) })),
    expected: wanted.map((w) => ({ kind: w.kind, ...w.expectation })),
    operator: "requireManyInserted",
  });
}
