/** Listing and updating queues the way River does: `river_queue` rows with their jobs' counts, and River's `metadata_changed` message. */
import { InvalidArgumentError } from "../base/errors.js";
import type { Executor } from "../driver/driver.js";
import { goJsonStringify } from "../job/go-json.js";
import { JOB_STATES, type JobState } from "../job/job-row.js";
import { parseExactJson } from "../json/exact-json-parse.js";
import { type AdminContext, runAdminQuery } from "./admin-context.js";

/** A queue as `listQueues` and `getQueue` return it. */
export interface QueueInfo {
  name: string;
  paused: boolean;
  pausedAt: Date | null;
  /** Null for a queue that has jobs but no `river_queue` row yet (no client has worked or paused it). */
  createdAt: Date | null;
  updatedAt: Date | null;
  metadata: Record<string, unknown>;
  /** Jobs of this queue by state (every state present, zero included). */
  counts: Record<JobState, number>;
  /** How long the oldest available job has waited past its scheduled time, in ms; null when none is available. */
  oldestAvailableAgeMs: number | null;
}

interface RawQueue {
  name: string;
  created_at: string | null;
  updated_at: string | null;
  paused_at: string | null;
  metadata: Record<string, unknown> | null;
  counts: Partial<Record<JobState, number>>;
  oldest_available_age_ms: number | null;
}

/** Every queue that has a `river_queue` row or any job, by name. */
export async function listQueues(ctx: AdminContext, executor?: Executor): Promise<QueueInfo[]> {
  const rows = await runAdminQuery<{ queue: string }>(ctx, executor, (s) => ({ sql: s.queues.list, params: [null] }));
  return rows.map((r) => queueInfo(r.queue));
}

/** The queue of that name, or null when it has neither a row nor jobs. */
export async function getQueue(ctx: AdminContext, name: string, executor?: Executor): Promise<QueueInfo | null> {
  const rows = await runAdminQuery<{ queue: string }>(ctx, executor, (s) => ({ sql: s.queues.list, params: [queueName(name)] }));
  return rows[0] ? queueInfo(rows[0].queue) : null;
}

/**
 * Replaces a queue's metadata (creating its row if missing) and sends River's
 * `{"action":"metadata_changed","metadata":{…},"queue":"<q>"}` on the control channel, so
 * River's producers of that queue see the change. Returns the updated queue.
 */
export async function updateQueue(
  ctx: AdminContext,
  name: string,
  update: { metadata: Record<string, unknown> },
  executor?: Executor,
): Promise<QueueInfo> {
  const queue = queueName(name);
  if (typeof update !== "object" || update === null) throw new InvalidArgumentError("update", "must be { metadata }");
  const { metadata } = update;
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new InvalidArgumentError("update.metadata", "must be a JSON object");
  }
  const json = goJsonStringify(metadata);
  const payload = `{"action":"metadata_changed","metadata":${json},"queue":${goJsonStringify(queue)}}`;
  await runAdminQuery(ctx, executor, (s) => ({ sql: s.queues.updateMetadata, params: [queue, json, s.tables.channels.control, payload] }));
  const updated = await getQueue(ctx, queue, executor);
  return updated!;
}

function queueInfo(text: string): QueueInfo {
  const raw = parseExactJson(text) as RawQueue;
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, Number(raw.counts[s] ?? 0)])) as Record<JobState, number>;
  const date = (s: string | null) => (s === null ? null : new Date(s));
  return {
    name: raw.name,
    paused: raw.paused_at !== null,
    pausedAt: date(raw.paused_at),
    createdAt: date(raw.created_at),
    updatedAt: date(raw.updated_at),
    metadata: raw.metadata ?? {},
    counts,
    oldestAvailableAgeMs: raw.oldest_available_age_ms === null ? null : Number(raw.oldest_available_age_ms),
  };
}

/** A queue name as River's column allows it (1–127 characters); `*` is not a queue here. */
function queueName(name: string): string {
  if (typeof name !== "string" || name.length === 0 || name.length > 127 || name === "*") {
    throw new InvalidArgumentError("name", "must be a queue name of 1–127 characters");
  }
  return name;
}
