// `tributary queues list`: every queue with its paused flag, job counts by state and the oldest available job's age.
import { JOB_STATES } from "@tributary/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { action } from "../command-kit.js";
import { formatAge, table, toJson } from "../output.js";

/** Adds `queues list` to the `queues` group. */
export function registerQueuesList(queuesGroup: Command, ctx: CliContext): void {
  queuesGroup
    .command("list")
    .description("list queues: paused or not, jobs by state, how long the oldest available job has waited")
    .option("--json", "print { queues: QueueInfo[] } as JSON")
    .action(
      action<{ json?: boolean }>(ctx, async (_args, opts) => {
        const { client } = ctx.connect(opts);
        const queues = await client.listQueues();
        if (opts.json) {
          ctx.out(toJson({ queues }));
          return 0;
        }
        if (queues.length === 0) {
          ctx.out("no queues (no river_queue rows and no jobs)");
          return 0;
        }
        const c = ctx.colors;
        const head = ["QUEUE", "PAUSED", ...JOB_STATES.map((s) => s.toUpperCase()), "OLDEST AVAILABLE"];
        const rows = queues.map((q) => [q.name, q.paused ? c.yellow("yes") : "no", ...JOB_STATES.map((s) => q.counts[s]), formatAge(q.oldestAvailableAgeMs)]);
        ctx.out(table(c, head, rows, [...JOB_STATES.map((_, i) => i + 2), head.length - 1]));
        return 0;
      }),
    );
}
