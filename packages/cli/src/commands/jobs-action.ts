// What retry, cancel and delete share: by ids (one call per job), or by filters in confirmed, interruptible batches with a progress bar.
import type { Client, JobFilters, JobRow } from "@tributary/core";
import type { Command } from "commander";
import type { CliContext, GlobalOptions } from "../cli-context.js";
import { action, onInterrupt } from "../command-kit.js";
import { confirm } from "../confirm.js";
import { EXIT, UsageError } from "../errors.js";
import { addFilterOptions, type FilterOptions, filtersFrom, noFilters } from "../filters.js";
import { colorState } from "../job-display.js";
import { table, toJson } from "../output.js";
import { progressBar } from "../progress.js";
import { jobIds } from "./jobs-ids.js";

/** Jobs changed per batch of a bulk action: small enough that Ctrl-C stops soon, large enough to be quick. */
export const ACTION_BATCH_SIZE = 1000;

/** One of the three actions. */
export interface JobAction {
  name: "retry" | "cancel" | "delete";
  /** e.g. "retried". */
  done: string;
  description: string;
  /** The action on one job; returns the job afterwards (a deleted job as it was). */
  one(client: Client<unknown>, id: string): Promise<JobRow>;
  /** The action on every job among `ids`; returns how many changed. */
  batch(client: Client<unknown>, ids: string[]): Promise<number>;
}

interface ActionOptions extends FilterOptions {
  yes?: boolean;
  json?: boolean;
}

/** Adds `jobs <action>` to the `jobs` group. */
export function registerJobAction(jobsGroup: Command, ctx: CliContext, jobAction: JobAction): void {
  const command = jobsGroup
    .command(jobAction.name)
    .description(`${jobAction.description}: the jobs given by id, or every job matching the filters`)
    .argument("[ids...]", "job ids");
  addFilterOptions(command)
    .option("-y, --yes", "do the bulk change without asking (required when there is no terminal)")
    .option("--json", "print the outcome as JSON")
    .action(
      action<ActionOptions>(ctx, async (args, opts) => {
        const ids = jobIds(args);
        if (ids.length > 0 && !noFilters(opts)) throw new UsageError("give job ids or filters, not both");
        if (ids.length > 0) return byIds(ctx, jobAction, ids, opts);
        if (noFilters(opts)) throw new UsageError(`give job ids, or filters (--state, --kind, --queue, --tag) to ${jobAction.name} many jobs`);
        if (!opts.yes && !ctx.interactive) {
          throw new UsageError(`a bulk ${jobAction.name} needs --yes when there is no terminal to confirm on (nothing was changed)`);
        }
        return byFilters(ctx, jobAction, filtersFrom(opts), opts);
      }),
    );
}

async function byIds(ctx: CliContext, jobAction: JobAction, ids: string[], opts: ActionOptions & GlobalOptions): Promise<number> {
  const { client } = ctx.connect(opts);
  const results: ({ id: string; ok: true; job: JobRow } | { id: string; ok: false; error: { code: string | null; message: string } })[] = [];
  for (const id of ids) {
    try {
      results.push({ id, ok: true, job: await jobAction.one(client as Client<unknown>, id) });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      results.push({ id, ok: false, error: { code: typeof code === "string" ? code : null, message: ctx.explain(err) } });
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  if (opts.json) {
    ctx.out(toJson({ action: jobAction.name, jobs: results }));
  } else {
    const c = ctx.colors;
    const rows = results.map((r) =>
      r.ok ? [r.id, r.job.kind, r.job.queue, colorState(c, r.job.state), jobAction.done] : [r.id, "-", "-", "-", c.red(r.error.message)],
    );
    ctx.out(table(c, ["ID", "KIND", "QUEUE", "STATE", "RESULT"], rows, [0]));
  }
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

async function byFilters(ctx: CliContext, jobAction: JobAction, filters: JobFilters, opts: ActionOptions & GlobalOptions): Promise<number> {
  const { client } = ctx.connect(opts);
  const matched = await client.countJobs(filters);
  const report = (count: number, interrupted: boolean) => {
    if (opts.json) ctx.out(toJson({ action: jobAction.name, matched, count, interrupted }));
    else ctx.out(`${jobAction.done} ${count} of ${matched} matching jobs${interrupted ? " (interrupted)" : ""}`);
  };
  if (matched === 0) {
    report(0, false);
    return EXIT.ok;
  }
  if (!opts.yes && !(await confirm(ctx, `${jobAction.name} ${matched} jobs?`))) {
    ctx.note("nothing was changed");
    return EXIT.failed;
  }
  const interrupt = onInterrupt(ctx);
  const progress = matched > ACTION_BATCH_SIZE ? progressBar(ctx, matched, "jobs") : { update: () => {}, stop: () => {} };
  let count = 0;
  let seen = 0;
  try {
    // Paged by id from a cursor, so a job changed by one batch is never listed again by the next.
    let cursor: string | null | undefined;
    do {
      const page = await client.listJobsPage({ ...filters, limit: ACTION_BATCH_SIZE, ...(cursor ? { cursor } : {}) });
      if (page.jobs.length === 0) break;
      count += await jobAction.batch(client as Client<unknown>, page.jobs.map((j) => j.id));
      seen += page.jobs.length;
      progress.update(seen);
      cursor = page.nextCursor;
    } while (cursor && !interrupt.requested);
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  report(count, interrupt.requested);
  return interrupt.requested ? EXIT.interrupted : EXIT.ok;
}
