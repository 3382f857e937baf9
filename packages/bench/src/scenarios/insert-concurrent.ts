import { countProblems } from "../job-tracker.js";
import { generic, perSecond, type Scenario } from "../scenario.js";

/** Scenario 2: single enqueues from several concurrent callers sharing one client/pool. */
export const insertConcurrent: Scenario = {
  id: "insert-conc",
  title: "insert, 8 callers",
  unit: "jobs/s",
  better: "higher",
  throughput: true,
  appliesTo: generic("insert-conc"),
  async run({ system, sizes, progress }) {
    const n = sizes.insertConcurrent;
    let next = 0;
    const caller = async (): Promise<void> => {
      for (let i = next++; i < n; i = next++) {
        await system.insertOne({ i });
        if (i % 100 === 0) progress.tick(i, n);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: sizes.insertConcurrentCallers }, caller));
    const ms = performance.now() - started;
    return { value: perSecond(n, ms), extra: { ms }, problems: countProblems(await system.countJobs(), n, false) };
  },
};
