// `tributary jobs delete ID… | filters`: deletes jobs that are not running.
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { registerJobAction } from "./jobs-action.js";

/** Adds `jobs delete` to the `jobs` group. */
export function registerJobsDelete(jobsGroup: Command, ctx: CliContext): void {
  registerJobAction(jobsGroup, ctx, {
    name: "delete",
    done: "deleted",
    description: "delete jobs that are not running",
    one: (client, id) => client.deleteJob(id),
    batch: async (client, ids) => (await client.deleteJobs({ ids })).count,
  });
}
