// `tributary queues pause NAME|*`: stops every client, in any process, from fetching jobs of that queue.
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { registerQueueToggle } from "./queue-pause-resume.js";

/** Adds `queues pause` to the `queues` group. */
export function registerQueuesPause(queuesGroup: Command, ctx: CliContext): void {
  registerQueueToggle(queuesGroup, ctx, "pause");
}
