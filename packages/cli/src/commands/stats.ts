// `tributary stats [--watch]`: jobs by queue × state, completed and failed attempts in the last minute and hour, and the leader.
import { JOB_STATES, type JobStats, type LeaderInfo } from "@tributary/core";
import type { Command } from "commander";
import type { CliContext, Connection } from "../cli-context.js";
import { action, integer, onInterrupt } from "../command-kit.js";
import { formatTime, table, toJson } from "../output.js";

/** Outcomes within a window. */
interface Outcomes {
  completed: number;
  failed: number;
  discarded: number;
}

/** What `stats --json` prints (one document per refresh with --watch). */
export interface StatsReport {
  now: Date;
  leader: LeaderInfo | null;
  counts: JobStats["counts"];
  lastMinute: Outcomes;
  lastHour: Outcomes;
}

function sum(minutes: JobStats["minutes"]): Outcomes {
  return minutes.reduce((t, m) => ({ completed: t.completed + m.completed, failed: t.failed + m.failed, discarded: t.discarded + m.discarded }), {
    completed: 0,
    failed: 0,
    discarded: 0,
  });
}

/** Reads one report: the counts and the hour from one `jobStats`, the last minute from a second. */
async function readStats({ client }: Connection): Promise<StatsReport> {
  const now = Date.now();
  const [hour, minute, leader] = await Promise.all([
    client.jobStats({ since: new Date(now - 3_600_000) }),
    client.jobStats({ since: new Date(now - 60_000) }),
    client.getLeader(),
  ]);
  return { now: hour.now, leader, counts: hour.counts, lastMinute: sum(minute.minutes), lastHour: sum(hour.minutes) };
}

function render(ctx: CliContext, report: StatsReport): string {
  const c = ctx.colors;
  const queues = [...new Set(report.counts.map((r) => r.queue))].sort();
  const cell = (queue: string, state: string) => report.counts.find((r) => r.queue === queue && r.state === state)?.count ?? 0;
  const rows = queues.map((q) => [q, ...JOB_STATES.map((s) => cell(q, s))]);
  const lines = [
    `${c.bold("leader")}       ${report.leader ? `${report.leader.leaderId} (since ${formatTime(report.leader.electedAt)})` : c.yellow("none")}`,
    `${c.bold("last minute")}  ${report.lastMinute.completed} completed, ${report.lastMinute.failed} failed attempts, ${report.lastMinute.discarded} discarded`,
    `${c.bold("last hour")}    ${report.lastHour.completed} completed, ${report.lastHour.failed} failed attempts, ${report.lastHour.discarded} discarded`,
    "",
    queues.length === 0 ? "no jobs" : table(c, ["QUEUE", ...JOB_STATES.map((s) => s.toUpperCase())], rows, JOB_STATES.map((_, i) => i + 1)),
  ];
  return lines.join("\n");
}

/** Waits `ms`, or less when `signal` aborts first. */
function sleepUnlessInterrupted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Adds `stats` to the program. */
export function registerStats(program: Command, ctx: CliContext): void {
  program
    .command("stats")
    .description("jobs by queue and state, completed and failed attempts in the last minute and hour, the leader")
    .option("--watch", "refresh until Ctrl-C")
    .option("--interval <seconds>", "seconds between refreshes with --watch", integer(1, 3600), 2)
    .option("--json", "print the report as JSON (one document per line with --watch)")
    .action(
      action<{ watch?: boolean; interval: number; json?: boolean }>(ctx, async (_args, opts) => {
        const connection = ctx.connect(opts);
        const print = (report: StatsReport) => ctx.out(opts.json ? (opts.watch ? JSON.stringify(report) : toJson(report)) : render(ctx, report));
        if (!opts.watch) {
          print(await readStats(connection));
          return 0;
        }
        const interrupt = onInterrupt(ctx);
        try {
          while (!interrupt.requested) {
            const report = await readStats(connection);
            // On a terminal each refresh replaces the last; piped, reports follow one another.
            if (ctx.io.stdout.isTTY && !opts.json) ctx.io.stdout.write("\x1b[2J\x1b[H");
            print(report);
            await sleepUnlessInterrupted(opts.interval * 1000, interrupt.signal);
          }
        } finally {
          interrupt.dispose();
        }
        return 0;
      }),
    );
}
