// Reading the workers' run logs: every handler start (S), end (E) and committed completion (C).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One attempt of one job by one worker process. */
export interface JobRun {
  jobId: string;
  attempt: number;
  clientId: string;
  startedAt: number;
  endedAt?: number;
  /** When the worker saw its outcome committed (`job:completed`). */
  completedAt?: number;
}

/** Every run in the `runs-*.log` files of `dir`, by job id, each job's runs in start order. */
export function readRuns(dir: string): Map<string, JobRun[]> {
  const runs = new Map<string, JobRun>();
  for (const file of readdirSync(dir).filter((f) => f.startsWith("runs-"))) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      const [tag, jobId, attempt, clientId, at] = line.split(" ");
      if (!tag || !jobId || !attempt || !clientId || !at) continue;
      const key = `${jobId}/${attempt}/${clientId}`;
      const run = runs.get(key) ?? { jobId, attempt: Number(attempt), clientId, startedAt: Number(at) };
      if (tag === "E") run.endedAt = Number(at);
      if (tag === "C") run.completedAt = Number(at);
      runs.set(key, run);
    }
  }
  const byJob = new Map<string, JobRun[]>();
  for (const run of runs.values()) byJob.set(run.jobId, [...(byJob.get(run.jobId) ?? []), run]);
  for (const list of byJob.values()) list.sort((a, b) => a.startedAt - b.startedAt);
  return byJob;
}

/** The numbers the inserter acknowledged as committed. */
export function readAcknowledged(file: string): Set<number> {
  if (!existsSync(file)) return new Set();
  return new Set(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map(Number),
  );
}
