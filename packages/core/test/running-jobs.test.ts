// A running job's signal is made only when read, and tells the same story as an eager AbortController would.
import { describe, expect, it } from "vitest";
import { JobAbortReason } from "../src/job/job-abort-reason.js";
import { RunningJobs } from "../src/runtime/running-jobs.js";

describe("running jobs", () => {
  it("an abort before the signal is read gives a signal born aborted with that reason", () => {
    const running = new RunningJobs();
    const job = running.add("1");
    const stop = new JobAbortReason("stop", "client is stopping");
    expect(running.abort("1", stop)).toBe(true);
    expect(job.abortReason).toBe(stop);
    expect(job.signal.aborted).toBe(true);
    expect(job.signal.reason).toBe(stop);
  });

  it("an abort after the signal is read aborts it, and the first reason wins", () => {
    const running = new RunningJobs();
    const job = running.add("1");
    const signal = job.signal;
    let heard: unknown;
    signal.addEventListener("abort", () => (heard = signal.reason));
    expect(signal.aborted).toBe(false);
    const timeout = new JobAbortReason("timeout", "job timed out after 5 ms");
    job.abort(timeout);
    running.abortAll(new JobAbortReason("stop", "client is stopping"));
    expect(heard).toBe(timeout);
    expect(job.abortReason).toBe(timeout);
    expect(job.signal).toBe(signal);
  });

  it("a job that is never aborted has no reason, and abort of an unknown id says so", () => {
    const running = new RunningJobs();
    const job = running.add("1");
    expect(job.abortReason).toBeUndefined();
    expect(running.abort("2", new JobAbortReason("cancel", "cancelled"))).toBe(false);
    expect(job.signal.aborted).toBe(false);
  });
});
