/** Works one fetched job: runs its attempt under its timeout, records the outcome, then emits what was persisted. */
import { workChannel } from "../base/diagnostics.js";
import type { Logger } from "../base/logger.js";
import type { ExtensionSet, Extensions } from "../extension/extensions.js";
import { attemptOf, completedInTx } from "../job/attempt-token.js";
import type { JobRow } from "../job/job-row.js";
import type { ClientEvents, JobEvent } from "./client-events.js";
import type { Completer } from "./completer.js";
import type { JobOutcome, OutcomeWrite } from "./job-outcome.js";
import { parseExactJson } from "../json/exact-json-parse.js";
import { withOutput } from "../job/job-row.js";
import { AttemptContext } from "./attempt-context.js";
import type { JobLogSettings } from "./attempt-log.js";
import { JobAbortReason, outcomeOf, type Settlement, workerCall } from "./job-runner.js";
import type { RunningJobs } from "./running-jobs.js";
import type { WorkerDefinition } from "./worker.js";

/** What `onStuckJob` may answer: `addWorkerSlot` lets the queue start another job while this one hangs. */
export type StuckJobHandler = (stuck: { job: JobRow; stuckCount: number }) => { addWorkerSlot?: boolean } | undefined | void;

/** Options of {@link JobExecutor}: complete settings. */
export interface JobExecutorOptions {
  workers: ReadonlyMap<string, WorkerDefinition>;
  /** When a failed job runs next (see retryPolicyFor). */
  retryAt(job: JobRow): Date;
  jobTimeout: number;
  jobStuckThreshold: number;
  jobLogs: JobLogSettings;
  onStuckJob: StuckJobHandler | null;
  /** Handed to workers as `ctx.client`. */
  client: unknown;
  clientId: string;
  /** Work middleware and hooks around every handler. */
  extensions: Extensions;
  workerExtensions: ReadonlyMap<string, ExtensionSet>;
  running: RunningJobs;
  completer: Completer;
  logger: Logger;
  emit<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void;
  /** True when `event` of a job of `kind` reaches anyone: events nobody hears are never built. */
  observes(event: keyof ClientEvents, kind: string): boolean;
  /** A short retry or snooze stays `available` with a future scheduled_at: fetch its queue again then. */
  wakeQueueAt(queue: string, at: Date): void;
}

/** Runs fetched jobs to a recorded outcome; `execute` never rejects. */
export class JobExecutor {
  readonly #o: JobExecutorOptions;
  #stuck = 0;

  constructor(options: JobExecutorOptions) {
    this.#o = options;
  }

  /**
   * Runs `job`; `freeSlot` gives its worker slot back (called once the handler settled, or
   * earlier when `onStuckJob` asks for a slot). Resolves once the outcome's event is emitted.
   */
  async execute(job: JobRow, freeSlot: () => void): Promise<void> {
    const { running, completer, logger, emit } = this.#o;
    const token = attemptOf(job);
    if (!token) throw new Error(`job ${job.id} was not fetched by this client`);
    const worker = this.#o.workers.get(job.kind);
    const timeout = worker ? (worker.jobTimeout ?? this.#o.jobTimeout) : 0;
    const attempt = running.add(job.id);
    const started = performance.now();
    if (this.#o.observes("job:started", job.kind)) emit("job:started", { job, durationMs: 0 });
    let stuck = false;
    let stuckTimer: NodeJS.Timeout | undefined;
    const timeoutTimer =
      timeout > 0
        ? setTimeout(() => {
            // Nothing is written yet: the row stays running, the job keeps its slot until it settles.
            attempt.abort(new JobAbortReason("timeout", `job timed out after ${timeout} ms`));
            stuckTimer = setTimeout(() => {
              stuck = true;
              this.#stuck += 1;
              emit("job:stuck", { job, stuckCount: this.#stuck });
              logger.warn({ jobId: job.id, kind: job.kind, stuckCount: this.#stuck }, "job ignored its timeout and is stuck");
              if (this.#o.onStuckJob?.({ job, stuckCount: this.#stuck })?.addWorkerSlot) freeSlot();
            }, this.#o.jobStuckThreshold);
          }, timeout)
        : undefined;
    const ctx = new AttemptContext({ job, abort: attempt, client: this.#o.client, logger, jobLogs: this.#o.jobLogs });
    const traced = workChannel.hasSubscribers;
    if (traced) workChannel.publish({ phase: "start", job, clientId: this.#o.clientId });
    const own = this.#o.workerExtensions.get(job.kind);
    let settled: Settlement;
    try {
      // Without hooks or middleware the handler is called directly: no chain, no closure.
      const value = this.#o.extensions.wrapsWork(own)
        ? await this.#o.extensions.work(job, ctx, own, () => workerCall(worker, job, ctx))
        : await workerCall(worker, job, ctx);
      // River: a stored step the code never reached fails the attempt.
      const unreached = ctx.unreachedStepError();
      if (unreached) throw unreached;
      settled = { ok: true, value };
    } catch (error) {
      settled = { ok: false, error };
    }
    if (traced) {
      const end = { phase: "end", job, clientId: this.#o.clientId, durationMs: performance.now() - started };
      workChannel.publish(settled.ok ? end : { ...end, error: settled.error });
    }
    clearTimeout(timeoutTimer);
    clearTimeout(stuckTimer);
    if (stuck) this.#stuck -= 1;
    const abandoned = running.isAbandoned(job.id);
    running.delete(job.id);
    freeSlot();
    if (abandoned) {
      logger.warn({ jobId: job.id, kind: job.kind }, "job settled after stop() gave up on it; its row stays running for the rescuer");
      return;
    }
    const decided = outcomeOf(job, token, settled, attempt.abortReason, this.#o.retryAt);
    const { error } = decided;
    const failed = decided.outcome.state !== "completed" && !("snooze" in decided.outcome && decided.outcome.snooze) && !("interrupt" in decided.outcome && decided.outcome.interrupt);
    const staged = ctx.stagedMetadata(failed);
    const outcome = staged === null ? decided.outcome : { ...decided.outcome, staged };
    if (outcome.state === "available" && "scheduledAt" in outcome && outcome.scheduledAt) this.#o.wakeQueueAt(job.queue, outcome.scheduledAt);
    const written = await completer.add(outcome);
    this.#emitOutcome(job, outcome, written, performance.now() - started, error);
  }

  #emitOutcome(job: JobRow, outcome: JobOutcome, written: OutcomeWrite, durationMs: number, error: unknown): void {
    const { logger, emit } = this.#o;
    if (written === "failed") return;
    if (written === "stale") {
      // The worker finished the job itself with completeTx, and that committed: report that.
      const inTx = completedInTx(job);
      if (inTx) {
        emit("job:completed", { job: inTx, durationMs });
        return;
      }
      logger.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt }, "job outcome dropped: the row is no longer this attempt's run");
      emit("job:stale", { job, durationMs });
      return;
    }
    const event = eventFor(outcome, written.state);
    // A retried failure is routine (subscribe to job:failed to act on it); running out of attempts is not.
    if (event === "job:failed") logger.info({ jobId: job.id, kind: job.kind, attempt: job.attempt, err: error }, "job failed; will retry");
    if (event === "job:discarded") logger.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt, err: error }, "job discarded");
    if (!this.#o.observes(event, job.kind)) return;
    const recorded = "error" in outcome && outcome.error ? [...job.errors, outcome.error] : job.errors;
    const metadata = outcome.staged ? { ...job.metadata, ...(parseExactJson(outcome.staged) as Record<string, unknown>) } : job.metadata;
    const persisted: JobRow = withOutput({ ...job, ...written, errors: recorded, metadata });
    const payload: JobEvent = error === undefined ? { job: persisted, durationMs } : { job: persisted, durationMs, error };
    emit(event, payload);
  }
}

function eventFor(outcome: JobOutcome, persistedState: string): keyof ClientEvents {
  if ("interrupt" in outcome && outcome.interrupt) return "job:interrupted";
  if (persistedState === "cancelled") return "job:cancelled";
  if ("snooze" in outcome && outcome.snooze) return "job:snoozed";
  switch (persistedState) {
    case "completed":
      return "job:completed";
    case "discarded":
      return "job:discarded";
    default:
      return "job:failed";
  }
}
