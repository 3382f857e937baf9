// The leader's reindexer: River's daily REINDEX INDEX CONCURRENTLY of river_job's indexes, one at a time.
import { randomUUID } from "node:crypto";
import type { Executor } from "../driver/driver.js";
import type { Logger } from "../base/logger.js";
import { Sleeper } from "../base/sleeper.js";
import { StartStopService } from "../base/start-stop-service.js";
import {
  cancelStatementSql,
  dropIndexSql,
  indexStateSql,
  RIVER_JOB_INDEXES,
  reindexSql,
  serverVersionSql,
} from "../sql/reindex.js";
import type { SchemaTables } from "../sql/schema-tables.js";
import type { ReindexerSettings } from "./reindexer-config.js";

/** How long an interrupted reindex may spend dropping its artifacts (River's bound). */
const ARTIFACT_DROP_BUDGET_MS = 15_000;
/** Longest sleep before the schedule is recomputed, so a clock change is caught up. */
const MAX_SLEEP_MS = 3_600_000;
/** How often a cancel is retried while the statement to cancel has not shown up yet. */
const CANCEL_RETRY_MS = 100;

/** Options of {@link Reindexer}. */
export interface ReindexerOptions {
  /** The pool's executor; each call may use another connection (the cancel needs one). */
  executor: () => Executor;
  tables: SchemaTables;
  logger: Logger;
  settings: ReindexerSettings;
  /** Indexes to rebuild, in order. Default River's seven `river_job` indexes. */
  indexes?: readonly string[];
}

type Interruption = "timeout" | "stop";

/** A statement cancelled by the reindexer itself, on its timeout or on stop. */
class InterruptedStatement extends Error {
  constructor(
    readonly reason: Interruption,
    cause: unknown,
  ) {
    super(`statement cancelled (${reason})`, { cause });
  }
}

/**
 * Rebuilds River's `river_job` indexes while this client leads, as River's leader does:
 * at each interval boundary (daily at 00:00 UTC), one index after another, each with
 * `REINDEX INDEX CONCURRENTLY` bounded by a timeout. An index with a `_ccnew`/`_ccold`
 * artifact from a reindex that did not finish (another process's, or one cut short by a
 * crash) is skipped with a warning. The timeout sets nothing on the session (a pooler may
 * hand the connection to someone else): a timer cancels the statement from another
 * connection with `pg_cancel_backend`. A reindex this reindexer cuts short (timeout or stop)
 * or that fails leaves no artifact behind: it drops its own with `DROP INDEX CONCURRENTLY`,
 * within 15 s. Where that cannot work (PGlite runs one statement at a time; a driver that
 * wraps every statement in a transaction) it says so in one log line and does nothing.
 */
export class Reindexer extends StartStopService {
  readonly name = "reindexer";
  protected readonly logger: Logger;
  readonly #o: ReindexerOptions;
  readonly #indexes: readonly string[];
  #run: Promise<number> | undefined;
  #abort: AbortController | undefined;
  /** Why the reindexer cannot work here, once known; said once. */
  #unsupported: string | undefined;
  #probed = false;

  constructor(options: ReindexerOptions) {
    super();
    this.logger = options.logger;
    this.#o = options;
    this.#indexes = [...(options.indexes ?? RIVER_JOB_INDEXES)];
  }

  get running(): boolean {
    return this.started;
  }

  /**
   * Stops scheduling runs; a reindex in progress (started by the schedule or by `runOnce`)
   * is cancelled and its artifacts dropped (within 15 s) before this resolves.
   */
  override async stop(): Promise<void> {
    this.#abort?.abort();
    await super.stop();
    await this.#run?.catch(() => {});
  }

  /** Rebuilds every index now, one after another, and resolves to how many were rebuilt. Never rejects. */
  runOnce(): Promise<number> {
    if (this.#run) return this.#run;
    const controller = new AbortController();
    this.#abort = controller;
    this.#run = this.#reindexAll(controller.signal).finally(() => {
      this.#run = undefined;
      if (this.#abort === controller) this.#abort = undefined;
    });
    return this.#run;
  }

  /** Waits for each interval boundary (on gaining leadership) and rebuilds the indexes there. */
  protected async run(signal: AbortSignal): Promise<void> {
    const { intervalMs } = this.#o.settings;
    const sleeper = new Sleeper(false);
    let due = (Math.floor(Date.now() / intervalMs) + 1) * intervalMs;
    while (!signal.aborted) {
      const wait = due - Date.now();
      if (wait > 0) {
        await sleeper.sleep(Math.min(wait, MAX_SLEEP_MS), signal);
        continue;
      }
      await this.runOnce();
      // The boundary after the one just run (a run longer than the interval skips to the next).
      due = (Math.floor(Math.max(Date.now(), due) / intervalMs) + 1) * intervalMs;
    }
  }

  async #reindexAll(signal: AbortSignal): Promise<number> {
    const { logger, tables } = this.#o;
    try {
      if (!(await this.#supported())) return 0;
      let rebuilt = 0;
      for (const index of this.#indexes) {
        if (signal.aborted) break;
        const state = await this.#indexState(index);
        if (!state.present) {
          logger.debug({ index }, "reindexer: index does not exist; skipped");
          continue;
        }
        if (state.artifacts.length > 0) {
          logger.warn(
            { index, artifacts: state.artifacts },
            `reindexer: skipping ${index}: ${state.artifacts.join(", ")} exists, left by a reindex that did not finish (or one still running elsewhere); drop it with DROP INDEX CONCURRENTLY "${tables.schema}"."${state.artifacts[0]}" to have ${index} rebuilt again`,
          );
          continue;
        }
        const outcome = await this.#reindexOne(index, signal);
        if (outcome === "unsupported") return rebuilt;
        if (outcome === "rebuilt") rebuilt++;
      }
      logger.info({ rebuilt, indexes: this.#indexes.length }, "reindexer: run finished");
      return rebuilt;
    } catch (err) {
      logger.warn({ err }, "reindexer: run failed; retrying at the next boundary");
      return 0;
    }
  }

  async #reindexOne(index: string, signal: AbortSignal): Promise<"rebuilt" | "interrupted" | "failed" | "unsupported"> {
    const { logger, tables, settings } = this.#o;
    const started = Date.now();
    try {
      await this.#statement(reindexSql(tables, index, randomUUID()), settings.timeoutMs, signal);
      logger.info({ index, ms: Date.now() - started }, "reindexer: rebuilt index");
      return "rebuilt";
    } catch (err) {
      if (!(err instanceof InterruptedStatement) && runsInTransaction(err)) {
        this.#sayUnsupported("this driver runs every statement inside a transaction, where REINDEX CONCURRENTLY cannot run");
        return "unsupported";
      }
      if (err instanceof InterruptedStatement) {
        const why = err.reason === "timeout" ? `took longer than its ${settings.timeoutMs} ms timeout` : "was interrupted by stop";
        logger.warn({ index, ms: Date.now() - started }, `reindexer: reindex of ${index} ${why}; cancelled, dropping its artifacts`);
      } else {
        logger.error({ err, index }, `reindexer: reindex of ${index} failed; dropping its artifacts`);
      }
      await this.#dropArtifacts(index);
      return err instanceof InterruptedStatement ? "interrupted" : "failed";
    }
  }

  /** Drops every artifact of `index`: none existed before this run tried it, so they are its own. */
  async #dropArtifacts(index: string): Promise<void> {
    const { logger, tables } = this.#o;
    const deadline = Date.now() + ARTIFACT_DROP_BUDGET_MS;
    try {
      const { artifacts } = await this.#indexState(index);
      for (const artifact of artifacts) {
        const budget = deadline - Date.now();
        if (budget <= 0) throw new Error(`out of the ${ARTIFACT_DROP_BUDGET_MS} ms budget`);
        await this.#statement(dropIndexSql(tables, artifact, randomUUID()), budget, new AbortController().signal);
        logger.info({ index, artifact }, "reindexer: dropped the artifact of an interrupted reindex");
      }
    } catch (err) {
      logger.warn({ err, index }, `reindexer: could not drop the artifacts of ${index}; it is skipped until they are dropped`);
    }
  }

  /**
   * Runs `sql` (led by a unique marker comment) outside any transaction and, after
   * `timeoutMs` or when `signal` aborts, cancels it from another connection, retrying until
   * it has started and been cancelled. Rejects with {@link InterruptedStatement} when cut short.
   */
  async #statement(sql: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    let interruption: Interruption | undefined;
    let settled = false;
    const running = this.#o.executor().query(sql);
    const cancel = async (reason: Interruption) => {
      if (interruption) return;
      interruption = reason;
      while (!settled) {
        const rows = await this.#o
          .executor()
          .query<{ cancelled: number }>(cancelStatementSql(), [sql])
          .catch(() => [{ cancelled: 0 }]);
        if (settled || (rows[0]?.cancelled ?? 0) > 0) return;
        await new Promise((r) => setTimeout(r, CANCEL_RETRY_MS));
      }
    };
    const timer = setTimeout(() => void cancel("timeout"), timeoutMs);
    const onAbort = () => void cancel("stop");
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    try {
      await running;
    } catch (err) {
      if (interruption) throw new InterruptedStatement(interruption, err);
      throw err;
    } finally {
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    }
  }

  async #indexState(index: string): Promise<{ present: boolean; artifacts: string[] }> {
    const rows = await this.#o.executor().query<{ present: number; artifacts: string }>(indexStateSql(), [this.#o.tables.schema, index]);
    const row = rows[0];
    return { present: Number(row?.present) === 1, artifacts: row ? (JSON.parse(row.artifacts) as string[]) : [] };
  }

  async #supported(): Promise<boolean> {
    if (!this.#probed) {
      this.#probed = true;
      const rows = await this.#o.executor().query<{ version: string }>(serverVersionSql());
      if (/PGlite/i.test(rows[0]?.version ?? "")) {
        this.#sayUnsupported("PGlite runs one statement at a time, so a reindex past its timeout could not be cancelled");
      }
    }
    return this.#unsupported === undefined;
  }

  #sayUnsupported(reason: string): void {
    if (this.#unsupported !== undefined) return;
    this.#unsupported = reason;
    this.#o.logger.info({ reason }, `reindexer: off on this database: ${reason} (set reindexer: false to silence this)`);
  }
}

/** SQLSTATE 25001: REINDEX CONCURRENTLY refused inside a transaction block (by code or, wrapped, by message). */
function runsInTransaction(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "25001") return true;
    if (typeof message === "string" && /cannot run inside a transaction block/.test(message)) return true;
  }
  return false;
}
