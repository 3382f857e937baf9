import { countProblems } from "../job-tracker.js";
import { generic, perSecond, type Scenario } from "../scenario.js";

/** Scenario 1: one enqueue call at a time, each its own transaction. */
export const insertSequential: Scenario = {
  id: "insert-seq",
  title: "insert, 1 caller",
  unit: "jobs/s",
  better: "higher",
  throughput: true,
  appliesTo: generic("insert-seq"),
  async run({ system, sizes, progress }) {
    const n = sizes.insertSequential;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      await system.insertOne({ i });
      if (i % 100 === 0) progress.tick(i, n);
    }
    const ms = performance.now() - started;
    return { value: perSecond(n, ms), extra: { ms }, problems: countProblems(await system.countJobs(), n, false) };
  },
};
