// `tributary jobs retry ID… | filters`: makes jobs available to run now (attempts kept; running jobs are left alone).
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { registerJobAction } from "./jobs-action.js";

/** Adds `jobs retry` to the `jobs` group. */
export function registerJobsRetry(jobsGroup: Command, ctx: CliContext): void {
  registerJobAction(jobsGroup, ctx, {
    name: "retry",
    done: "retried",
    description: "make jobs available to run now (running jobs are left alone)",
    one: (client, id) => client.retryJob(id),
    batch: async (client, ids) => (await client.retryJobs({ ids })).count,
  });
}
