// `tributary jobs get ID`: one job with every field and its errors.
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { action } from "../command-kit.js";
import { CommandFailed } from "../errors.js";
import { jobDetails } from "../job-display.js";
import { toJson } from "../output.js";
import { jobIds } from "./jobs-ids.js";

/** Adds `jobs get` to the `jobs` group. */
export function registerJobsGet(jobsGroup: Command, ctx: CliContext): void {
  jobsGroup
    .command("get")
    .description("show one job: every field, its args, metadata and errors")
    .argument("<id>", "the job's id")
    .option("--json", "print the JobRow as JSON")
    .action(
      action<{ json?: boolean }>(ctx, async (args, opts) => {
        const [id] = jobIds(args);
        const { client } = ctx.connect(opts);
        const job = await client.getJob(id!);
        if (!job) throw new CommandFailed(`no job with id ${id}`);
        ctx.out(opts.json ? toJson(job) : jobDetails(ctx.colors, job));
        return 0;
      }),
    );
}
