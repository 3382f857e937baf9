// `tributary queues resume NAME|*`: lets clients fetch jobs of that queue again.
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { registerQueueToggle } from "./queue-pause-resume.js";

/** Adds `queues resume` to the `queues` group. */
export function registerQueuesResume(queuesGroup: Command, ctx: CliContext): void {
  registerQueueToggle(queuesGroup, ctx, "resume");
}
