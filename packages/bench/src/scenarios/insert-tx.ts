import { countProblems } from "../job-tracker.js";
import { perSecond, type Scenario } from "../scenario.js";

const BLOCK = 250;

/**
 * Scenario 6: the cost of enqueueing inside the application's own transaction, per driver.
 * Sequential transactions through the library's transaction API, each with one business
 * insert, with and without `insertTx`; the two kinds alternate in blocks so drift hits both.
 * Headline: extra milliseconds per transaction that `insertTx` adds.
 */
export const insertTx: Scenario = {
  id: "insert-tx",
  title: "insertTx overhead",
  unit: "ms/tx",
  better: "lower",
  throughput: false,
  appliesTo: (spec) => (spec.scenarios?.includes("insert-tx") ?? true) && spec.transactional === true,
  async run({ system, sizes, progress }) {
    const n = sizes.insertTx;
    let withMs = 0;
    let withoutMs = 0;
    let jobs = 0;
    for (let start = 0; start < n; start += BLOCK) {
      const end = Math.min(start + BLOCK, n);
      let t = performance.now();
      for (let i = start; i < end; i++) await system.businessTransaction!(undefined);
      withoutMs += performance.now() - t;
      t = performance.now();
      for (let i = start; i < end; i++) await system.businessTransaction!({ i: jobs++ });
      withMs += performance.now() - t;
      progress.tick(end, n);
    }
    return {
      value: (withMs - withoutMs) / n,
      extra: { txPerSecWithJob: perSecond(n, withMs), txPerSecWithout: perSecond(n, withoutMs) },
      problems: countProblems(await system.countJobs(), n, false),
    };
  },
};
