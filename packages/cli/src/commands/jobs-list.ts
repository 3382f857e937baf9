// `tributary jobs list`: a page of jobs matching the filters, and the cursor of the next page.
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { action, integer } from "../command-kit.js";
import { addFilterOptions, type FilterOptions, filtersFrom } from "../filters.js";
import { jobsTable } from "../job-display.js";
import { toJson } from "../output.js";

/** Adds `jobs list` to the `jobs` group. */
export function registerJobsList(jobsGroup: Command, ctx: CliContext): void {
  addFilterOptions(jobsGroup.command("list").description("list jobs by id, oldest first (a page at a time)"))
    .option("--limit <n>", "jobs per page, 1–10000", integer(1, 10_000), 100)
    .option("--cursor <cursor>", "continue after this cursor (printed after a full page)")
    .option("--json", "print { jobs: JobRow[], nextCursor } as JSON")
    .action(
      action<FilterOptions & { limit: number; cursor?: string; json?: boolean }>(ctx, async (_args, opts) => {
        const { client } = ctx.connect(opts);
        const page = await client.listJobsPage({ ...filtersFrom(opts), limit: opts.limit, ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }) });
        if (opts.json) {
          ctx.out(toJson(page));
          return 0;
        }
        if (page.jobs.length === 0) ctx.out("no jobs match");
        else ctx.out(jobsTable(ctx.colors, page.jobs));
        if (page.nextCursor !== null) ctx.note(ctx.errColors.dim(`next page: --cursor ${page.nextCursor}`));
        return 0;
      }),
    );
}
