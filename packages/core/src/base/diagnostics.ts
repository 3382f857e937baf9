/** Tributary's node:diagnostics_channel channels, for APM agents and metrics that need no configuration. */
import { channel } from "node:diagnostics_channel";

/**
 * `tributary:job`: every job event, after its outcome is committed:
 * `{ event: "job:completed" | …, job: JobRow, durationMs, error?, clientId }`.
 */
export const jobChannel = channel("tributary:job");

/**
 * `tributary:work`: the start and end of each attempt, around its middleware and handler:
 * `{ phase: "start", job, clientId }` then `{ phase: "end", job, clientId, durationMs, error? }`.
 */
export const workChannel = channel("tributary:work");

/**
 * `tributary:metric`: one message per measurement:
 * - `{ name: "fetch", queue, count, durationMs }` per fetch statement;
 * - `{ name: "completion_batch", size, durationMs }` per outcome batch written;
 * - `{ name: "notify_suppressed", queues }` when the per-queue window held insert notifications back.
 */
export const metricChannel = channel("tributary:metric");
