/** Leader election over River's river_leader row, interoperable with River's Go elector. */
import type { Executor } from "../driver/driver.js";
import type { Logger } from "../base/logger.js";
import { Sleeper } from "../base/sleeper.js";
import { StartStopService } from "../base/start-stop-service.js";
import { attemptElectSql, deleteExpiredLeaderSql, renewLeaderSql, resignLeaderSql } from "../sql/leader.js";
import { channelName, type SchemaTables } from "../sql/schema-tables.js";

/** How often an elector tries to win or renew, as River does (`electIntervalDefault`). */
export const DEFAULT_ELECT_INTERVAL_MS = 5_000;
/**
 * How long a leader row stays valid without renewal: River's interval plus its 10 s
 * padding, so a leader may miss a renewal or two (a slow query, a GC pause) before another
 * client can take over.
 */
export const DEFAULT_LEADER_TTL_MS = 15_000;

/** Options of {@link LeaderElector}. Durations are milliseconds. */
export interface LeaderElectorOptions {
  /** Returns the executor to elect with (the pool; never a caller's transaction). */
  executor: () => Executor;
  tables: SchemaTables;
  /** This client's id, stored as `river_leader.leader_id` (1–127 characters). */
  clientId: string;
  /** Lifetime of the leader row after each election or renewal. Default 15 000. */
  ttlMs?: number;
  /** Time between election/renewal attempts. Must be below `ttlMs`. Default 5 000. */
  intervalMs?: number;
  logger: Logger;
  /** Called whenever this client gains (`true`) or loses (`false`) leadership. */
  onChange?: (isLeader: boolean) => void;
}

/**
 * Elects one leader among all clients sharing a schema, through River's `river_leader`
 * row: each tick deletes an expired row, then either renews this client's row (when
 * leading) or tries to insert it. Interoperates with River's Go elector.
 */
export class LeaderElector extends StartStopService {
  readonly name = "leader-elector";
  protected readonly logger: Logger;
  readonly #executor: () => Executor;
  readonly #tables: SchemaTables;
  readonly #clientId: string;
  readonly #ttlMs: number;
  readonly #intervalMs: number;
  readonly #onChange: ((isLeader: boolean) => void) | undefined;

  #isLeader = false;
  #inFlight: Promise<boolean> | undefined;
  /** When the row was last written by us; a leader that cannot renew within the TTL must assume it lost. */
  #lastWrittenAt = 0;
  /** After resigning on request, no election attempt before this time, so another client takes over. */
  #holdOffUntil = 0;
  #resigning: Promise<void> | undefined;

  constructor(options: LeaderElectorOptions) {
    super();
    this.logger = options.logger;
    this.#executor = options.executor;
    this.#tables = options.tables;
    this.#clientId = options.clientId;
    this.#ttlMs = options.ttlMs ?? DEFAULT_LEADER_TTL_MS;
    this.#intervalMs = options.intervalMs ?? DEFAULT_ELECT_INTERVAL_MS;
    this.#onChange = options.onChange;
  }

  /** True while this client holds leadership (as of its last election or renewal). */
  get isLeader(): boolean {
    return this.#isLeader;
  }

  /**
   * Elects while started: one attempt at once, then one every interval. When stopped, and
   * leading, resigns: deletes the row and notifies `<schema>.river_leadership` so another
   * client takes over without waiting for the TTL.
   */
  protected async run(signal: AbortSignal): Promise<void> {
    const sleeper = new Sleeper(false);
    while (!signal.aborted) {
      await this.tryElectNow();
      await sleeper.sleep(this.#intervalMs, signal);
    }
    await this.#inFlight?.catch(() => {});
    await this.#resigning;
    await this.#deleteRow();
    this.#setLeader(false);
  }

  /**
   * Reacts to a payload heard on `<schema>.river_leadership`, as River's elector does: another
   * client's `resigned` starts an election attempt at once; `request_resign` makes this client,
   * if it leads, resign (see {@link resign}). Anything else is ignored.
   */
  handleNotification(payload: Record<string, unknown>): void {
    if (payload.action === "resigned" && payload.leader_id !== this.#clientId) void this.tryElectNow();
    else if (payload.action === "request_resign" && this.#isLeader) void this.resign();
  }

  /**
   * Steps down while staying a candidate: deletes the row, announces `resigned` with River's
   * payload, and makes no election attempt for one interval, so a client that heard the
   * announcement takes over (and this one leads again only if nobody else does). Never rejects.
   */
  resign(): Promise<void> {
    if (!this.started || !this.#isLeader) return Promise.resolve();
    if (this.#resigning) return this.#resigning;
    this.#resigning = (async () => {
      // Attempts starting now skip (see #tick); one already in flight finishes first.
      await this.#inFlight?.catch(() => {});
      if (!this.started) return;
      await this.#deleteRow();
      this.#holdOffUntil = Date.now() + this.#intervalMs;
      this.logger.info({ clientId: this.#clientId }, "resigned leadership on request");
      this.#setLeader(false);
    })().finally(() => {
      this.#resigning = undefined;
    });
    return this.#resigning;
  }

  async #deleteRow(): Promise<void> {
    try {
      await this.#executor().query(resignLeaderSql(this.#tables), [this.#clientId, channelName(this.#tables.schema, "river_leadership")]);
    } catch (err) {
      this.logger.warn({ err, clientId: this.#clientId }, "leader resignation failed; the row expires by its TTL");
    }
  }

  /**
   * Runs one election attempt now (e.g. on hearing a resignation) and resolves to whether
   * this client leads afterwards. Shares an attempt already in flight. Never rejects.
   */
  tryElectNow(): Promise<boolean> {
    if (!this.started) return Promise.resolve(this.#isLeader);
    if (this.#inFlight) return this.#inFlight;
    const attempt = this.#tick().finally(() => {
      this.#inFlight = undefined;
    });
    this.#inFlight = attempt;
    return attempt;
  }

  async #tick(): Promise<boolean> {
    // While resigning, a renewal would resurrect the row being deleted; right after, another
    // client should win.
    if (this.#resigning || (!this.#isLeader && Date.now() < this.#holdOffUntil)) return this.#isLeader;
    try {
      const executor = this.#executor();
      await executor.query(deleteExpiredLeaderSql(this.#tables));
      const sql = this.#isLeader ? renewLeaderSql(this.#tables) : attemptElectSql(this.#tables);
      const startedAt = Date.now();
      const rows = await executor.query<{ leader_id: string }>(sql, [this.#clientId, this.#ttlMs]);
      // stop() may have resigned while this query ran; a late win must not resurrect leadership.
      if (!this.started) return this.#isLeader;
      const won = rows.length > 0;
      if (won) this.#lastWrittenAt = startedAt;
      if (this.#isLeader && !won) this.logger.info({ clientId: this.#clientId }, "lost leadership");
      if (!this.#isLeader && won) this.logger.info({ clientId: this.#clientId }, "elected leader");
      this.#setLeader(won);
    } catch (err) {
      this.logger.warn({ err, clientId: this.#clientId }, "leader election attempt failed");
      // Past the TTL another client may have taken over: stop acting as leader.
      if (this.#isLeader && Date.now() - this.#lastWrittenAt >= this.#ttlMs) this.#setLeader(false);
    }
    return this.#isLeader;
  }

  #setLeader(isLeader: boolean): void {
    if (this.#isLeader === isLeader) return;
    this.#isLeader = isLeader;
    try {
      this.#onChange?.(isLeader);
    } catch (err) {
      this.logger.error({ err }, "leadership change handler threw");
    }
  }
}
