/** A client's set of schedules, changeable at runtime. */
import { InvalidArgumentError } from "../base/errors.js";
import type { InsertRules } from "../insert/insert-rules.js";
import type { InsertOpts } from "../job/insert-opts.js";
import { compilePeriodicJob, PERIODIC_JOB_ID_KEY, type PeriodicJob, type PeriodicJobConfig } from "./periodic-job.js";

/** A configured schedule as tools show it (`client.periodicJobs.describe()`). */
export interface PeriodicJobInfo {
  id: string;
  kind: string;
  /** The cron expression (`<cron>@<timezone>` when a time zone was given) or `every:<ms>`. */
  schedule: string;
  /** The first run time after the moment asked about, or null when the schedule never fires again. */
  nextRunAt: Date | null;
  /** Args of every run. */
  args: object;
  /** Insert options of a run made now (`client.insert(kind, args, opts)`), its `river:periodic_job_id` included. */
  opts: InsertOpts;
}

/** @internal What the leader's enqueuer does when the set of periodic jobs changes. */
export interface PeriodicJobsObserver {
  added(job: PeriodicJob): void;
  /** Cancels the removed schedule's runs already enqueued ahead of time. */
  removed(id: string): Promise<void>;
}

/**
 * The periodic jobs of one client (`client.periodicJobs`). Every instance of a fleet should
 * configure the same set: whichever instance leads enqueues them.
 */
export class PeriodicJobs {
  readonly #jobs = new Map<string, PeriodicJob>();
  readonly #leaderElectionDisabled: boolean;
  readonly #rules: InsertRules;
  #observer: PeriodicJobsObserver | undefined;

  /**
   * @internal `leaderElectionDisabled`: the client never leads, so it could never enqueue a
   * schedule; River refuses periodic jobs on such a client, and so does this. `rules`: the
   * client's insert rules, which every run must pass (checked here, once per schedule).
   */
  constructor(configs: readonly PeriodicJobConfig<object>[] | undefined, options: { leaderElectionDisabled?: boolean; rules: InsertRules }) {
    this.#leaderElectionDisabled = options.leaderElectionDisabled === true;
    this.#rules = options.rules;
    if (configs === undefined) return;
    if (!Array.isArray(configs)) throw new InvalidArgumentError("config.periodicJobs", "must be an array of { cron | every, kind, args? }");
    if (this.#leaderElectionDisabled && configs.length > 0) throw this.#refusal("config.periodicJobs");
    configs.forEach((c, i) => {
      this.#add(c, `config.periodicJobs[${i}]`);
    });
  }

  /**
   * Adds a schedule and returns its id. When this client leads, its next run is enqueued
   * at once. Throws INVALID_CRON for a bad expression, INVALID_ARGUMENT for a taken id or
   * on a client with `leaderElectionDisabled`.
   */
  add<TArgs extends object>(config: PeriodicJobConfig<TArgs>): string {
    if (this.#leaderElectionDisabled) throw this.#refusal("periodicJob");
    const job = this.#add(config as PeriodicJobConfig<object>, "periodicJob");
    this.#observer?.added(job);
    return job.id;
  }

  /**
   * Removes a schedule. When this client leads, the run it had enqueued ahead of time is
   * cancelled too. Resolves to false when no schedule had this id.
   */
  async remove(id: string): Promise<boolean> {
    const job = this.#jobs.get(id);
    if (!job) return false;
    this.#jobs.delete(id);
    await this.#observer?.removed(id);
    // Runs enqueued before the upgrade to River's id rule carry the old default id.
    if (job.legacyId !== null) await this.#observer?.removed(job.legacyId);
    return true;
  }

  /** Ids of the configured schedules. */
  ids(): string[] {
    return [...this.#jobs.keys()];
  }

  /** The configured schedules with their next run after `now`, ordered by id. */
  describe(now: Date = new Date()): PeriodicJobInfo[] {
    return this.list()
      .map((job) => ({
        id: job.id,
        kind: job.kind,
        schedule: job.schedule,
        nextRunAt: job.nextRun(now),
        args: job.args,
        opts: { ...job.opts, metadata: { ...job.opts.metadata, [PERIODIC_JOB_ID_KEY]: job.id } },
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** @internal The schedules as they are now. */
  list(): PeriodicJob[] {
    return [...this.#jobs.values()];
  }

  /** @internal Lets the leader's enqueuer follow changes; `undefined` detaches. */
  observe(observer: PeriodicJobsObserver | undefined): void {
    this.#observer = observer;
  }

  #refusal(field: string): InvalidArgumentError {
    return new InvalidArgumentError(
      field,
      "cannot be used with leaderElectionDisabled: true — only the leader enqueues periodic jobs; configure them on clients that may lead",
    );
  }

  #add(config: PeriodicJobConfig<object>, field: string): PeriodicJob {
    const job = compilePeriodicJob(config, field, this.#rules);
    if (this.#jobs.has(job.id)) {
      throw new InvalidArgumentError(`${field}.id`, `periodic job id ${JSON.stringify(job.id)} is already used; give each schedule its own id`);
    }
    this.#jobs.set(job.id, job);
    return job;
  }
}
