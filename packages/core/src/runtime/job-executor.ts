/** Works one fetched job: runs its attempt, queues the outcome, emits the event and logs it. */
import type { ClientEvents } from "./client-events.js";
import type { JobRow } from "../job/job-row.js";
import type { Logger } from "../base/logger.js";
import type { Completer } from "./completer.js";
import { runJob } from "./job-runner.js";
import type { RunningJobs } from "./running-jobs.js";
import type { WorkerDefinition } from "./worker.js";

/** Options of {@link JobExecutor}: complete settings. */
export interface JobExecutorOptions {
  workers: ReadonlyMap<string, WorkerDefinition>;
  /** When a failed job runs next (see retryPolicyFor). */
  retryAt(job: JobRow): Date;
  jobTimeout: number;
  /** Handed to workers as `ctx.client`. */
  client: unknown;
  running: RunningJobs;
  completer: Completer;
  logger: Logger;
  emit<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void;
  /** A short retry or snooze stays `available` with a future scheduled_at: fetch its queue again then. */
  wakeQueueAt(queue: string, at: Date): void;
}

/** Runs fetched jobs to a recorded outcome; `execute` never rejects. */
export class JobExecutor {
  readonly #o: JobExecutorOptions;

  constructor(options: JobExecutorOptions) {
    this.#o = options;
  }

  async execute(job: JobRow): Promise<void> {
    const { running, completer, logger, emit } = this.#o;
    const controller = running.add(job.id);
    const started = performance.now();
    try {
      const { outcome, error } = await runJob(job, controller, {
        lookupWorker: (kind) => this.#o.workers.get(kind),
        retryAt: this.#o.retryAt,
        jobTimeout: this.#o.jobTimeout,
        client: this.#o.client,
      });
      completer.add(outcome);
      if (outcome.state === "available" && outcome.scheduledAt) this.#o.wakeQueueAt(job.queue, outcome.scheduledAt);
      const durationMs = performance.now() - started;
      const event = eventFor(outcome.state, "snooze" in outcome && outcome.snooze === true);
      // A retried failure is routine (subscribe to job:failed to act on it); running out of attempts is not.
      if (event === "job:failed") logger.info({ jobId: job.id, kind: job.kind, attempt: job.attempt, err: error }, "job failed; will retry");
      if (event === "job:discarded") logger.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt, err: error }, "job discarded");
      emit(event, error === undefined ? { job, durationMs } : { job, durationMs, error });
    } finally {
      running.delete(job.id);
    }
  }
}

function eventFor(state: string, snoozed: boolean): keyof ClientEvents {
  if (snoozed) return "job:snoozed";
  switch (state) {
    case "completed":
      return "job:completed";
    case "cancelled":
      return "job:cancelled";
    case "discarded":
      return "job:discarded";
    default:
      return "job:failed";
  }
}
