// The messages between the harness and the child process that runs one scenario of one system.
import type { BenchSizes, Measurement } from "../scenario.js";

/** What the harness asks a child to run. */
export interface RunRequest {
  scenario: string;
  system: string;
  adminUrl: string;
  sizes: BenchSizes;
  pollIntervalMs: number;
  timeoutMs: number;
}

/** What a child sends back: progress while it runs, then exactly one result or error. */
export type ChildMessage =
  | { type: "tick"; done: number; total: number }
  | { type: "note"; message: string }
  | { type: "result"; measurement: Measurement; node: string; cpuUserMs: number; cpuSystemMs: number }
  | { type: "error"; message: string; stack?: string };
