// Tributary run inside the bench process (profile, seam cost, floor recording): pre-load, work everything, see the SQL.
import { Client, type Driver } from "@tributary/core";
import type pg from "pg";
import { BENCH_KIND } from "./bench-job.js";

/** Inserts `count` no-op jobs of the bench kind, `batch` per `insertMany`. */
export async function preloadJobs(driver: Driver<unknown>, count: number, batch: number): Promise<void> {
  const inserter = new Client({ driver });
  for (let n = 0; n < count; n += batch) {
    await inserter.insertMany(Array.from({ length: Math.min(batch, count - n) }, (_, k) => ({ kind: BENCH_KIND, args: { i: n + k } })));
  }
  await inserter.stop();
}

/**
 * Starts `worker`, waits until it has completed `jobs` jobs, stops it: how long that took from
 * the start and the CPU (user + system, microseconds) this process used meanwhile.
 */
export async function workAll(worker: Client<unknown>, jobs: number): Promise<{ ms: number; cpuMicros: number }> {
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const off = worker.on("job:completed", () => {
    if (++done === jobs) finished();
  });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await worker.start();
  await allDone;
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await worker.stop();
  off();
  return { ms, cpuMicros: used.user + used.system };
}

/** Calls `seen` with the text of every statement sent through `pool.query` (driver-pg's path) until the returned function is called. */
export function watchStatements(pool: pg.Pool, seen: (text: string) => void): () => void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    // driver-pg sends named (prepared) statements as `{ name, text, values }`.
    const first = args[0] as string | { text?: unknown } | undefined;
    const text = typeof first === "string" ? first : first?.text;
    if (typeof text === "string") seen(text);
    return query(...args);
  };
  return () => {
    (pool as unknown as { query: unknown }).query = query;
  };
}
