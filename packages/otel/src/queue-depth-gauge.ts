/** `tributary.queue.depth`: the leader counts jobs by queue and state every interval; the gauge reports the last count. */
import type { Meter, ObservableResult } from "@opentelemetry/api";
import type { Client } from "@tributary/core";
import { METRIC } from "./job-metrics.js";
import { DEPTH_STATES, queueDepthSql } from "./queue-depth-sql.js";
import { ATTR, MESSAGING_SYSTEM } from "./semantic-attributes.js";

/** The part of a Client the gauge uses: whether it leads, its events, its driver and schema. */
export type DepthClient = Pick<Client, "isLeader" | "on" | "driver" | "schema">;

interface Watched {
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Last count by queue, then state; every queue seen keeps reporting (0 once empty). */
  depth: Map<string, Map<string, number>>;
  /** The last count's total: above the exact limit, the next one is an estimate from a sample. */
  total: number;
  stopped: boolean;
}

/** The smallest share of pages sampled, in percent (PostgreSQL takes 0 to 100). */
const MIN_SAMPLE_PERCENT = 0.01;

/**
 * Follows each started client (core's `clientStart` hook): from its `leader:changed` to
 * true, one count statement per interval while `client.isLeader`; stopped when it reports
 * false, the counts forgotten so only the current leader reports. Collection reads the
 * cache, never the database. While the last total was at most `exactLimit` jobs the count is
 * exact; above it, an estimate from `exactLimit / total` of the table's pages, so a count never
 * reads much more than an exact count of `exactLimit` jobs would.
 */
export class QueueDepthGauge {
  readonly #intervalMs: number;
  readonly #exactLimit: number;
  readonly #watched = new Map<object, Watched>();
  readonly #followed = new WeakSet<object>();
  readonly #onError: (err: unknown) => void;

  constructor(meter: Meter, intervalMs: number, exactLimit: number, onError: (err: unknown) => void) {
    this.#intervalMs = intervalMs;
    this.#exactLimit = exactLimit;
    this.#onError = onError;
    meter
      .createObservableGauge(METRIC.queueDepth, { description: "Jobs by queue and state (not finalized), counted by the leader", unit: "{job}" })
      .addCallback((result) => this.#observe(result));
  }

  /** `client` is starting: count its queues whenever it leads (a client started again is followed once). */
  follow(client: DepthClient): void {
    if (this.#followed.has(client)) return;
    this.#followed.add(client);
    client.on("leader:changed", ({ isLeader }) => {
      if (isLeader) this.#watch(client);
      else this.#stop(client);
    });
  }

  /** This client leads: count now and every interval until it no longer leads. */
  #watch(client: DepthClient): void {
    const existing = this.#watched.get(client);
    if (existing && !existing.stopped) return;
    const watched: Watched = { timer: undefined, depth: existing?.depth ?? new Map(), total: existing?.total ?? 0, stopped: false };
    this.#watched.set(client, watched);
    void this.#tick(client, watched);
  }

  async #tick(client: DepthClient, watched: Watched): Promise<void> {
    if (watched.stopped) return;
    if (!client.isLeader) return this.#stop(client);
    try {
      await this.#count(client, watched);
    } catch (err) {
      this.#onError(err);
    }
    if (watched.stopped) return;
    watched.timer = setTimeout(() => void this.#tick(client, watched), this.#intervalMs);
    watched.timer.unref();
  }

  async #count(client: DepthClient, watched: Watched): Promise<void> {
    const percent = watched.total > this.#exactLimit ? Math.max(MIN_SAMPLE_PERCENT, (100 * this.#exactLimit) / watched.total) : 100;
    const rows = await client.driver.executor().query<{ queue: string; state: string; count: string }>(queueDepthSql(await client.schema(), percent));
    const scale = 100 / Number(percent.toFixed(4));
    for (const byState of watched.depth.values()) for (const state of byState.keys()) byState.set(state, 0);
    let total = 0;
    for (const row of rows) {
      let byState = watched.depth.get(row.queue);
      if (!byState) {
        byState = new Map(DEPTH_STATES.map((s) => [s, 0]));
        watched.depth.set(row.queue, byState);
      }
      const count = Math.round(Number(row.count) * scale);
      byState.set(row.state, count);
      total += count;
    }
    watched.total = total;
  }

  #stop(client: object): void {
    const watched = this.#watched.get(client);
    if (!watched) return;
    watched.stopped = true;
    clearTimeout(watched.timer);
    watched.depth.clear();
  }

  #observe(result: ObservableResult): void {
    for (const watched of this.#watched.values()) {
      if (watched.stopped) continue;
      for (const [queue, byState] of watched.depth) {
        for (const [state, count] of byState) result.observe(count, { [ATTR.messagingSystem]: MESSAGING_SYSTEM, [ATTR.destinationName]: queue, [ATTR.jobState]: state });
      }
    }
  }
}
