// `tributary jobs cancel ID… | filters`: cancels waiting jobs at once and tells running ones' workers to stop.
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { registerJobAction } from "./jobs-action.js";

/** Adds `jobs cancel` to the `jobs` group. */
export function registerJobsCancel(jobsGroup: Command, ctx: CliContext): void {
  registerJobAction(jobsGroup, ctx, {
    name: "cancel",
    done: "cancelled",
    description: "cancel jobs not yet finalized (running ones are told to stop)",
    one: (client, id) => client.cancelJob(id),
    batch: async (client, ids) => (await client.cancelJobs({ ids })).count,
  });
}
