// What `queues pause` and `queues resume` share: one queue by name, or `*` for every queue.
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { action } from "../command-kit.js";

/** Adds `queues pause` or `queues resume` to the `queues` group. */
export function registerQueueToggle(queuesGroup: Command, ctx: CliContext, which: "pause" | "resume"): void {
  queuesGroup
    .command(which)
    .description(which === "pause" ? "stop every client from fetching jobs of a queue (quote '*' for all queues)" : "let clients fetch jobs of a queue again ('*' for all)")
    .argument("<name>", "the queue, or '*' for every queue")
    .action(
      action(ctx, async ([name], opts) => {
        const { client } = ctx.connect(opts);
        if (which === "pause") await client.pauseQueue(name!);
        else await client.resumeQueue(name!);
        ctx.out(`${which === "pause" ? "paused" : "resumed"} ${name === "*" ? "every queue" : `queue ${name}`}`);
        return 0;
      }),
    );
}
