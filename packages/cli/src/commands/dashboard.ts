// `tributary dashboard --port N [--host H] [--base-path P] [--read-only]`: @tributary/dashboard on its own local server until Ctrl-C.
import { startDashboardServer } from "@tributary/dashboard";
import { pgDriver } from "@tributary/driver-pg";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { action, integer, onInterrupt } from "../command-kit.js";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** Adds `dashboard` to the program. */
export function registerDashboard(program: Command, ctx: CliContext): void {
  program
    .command("dashboard")
    .description("serve the web dashboard (jobs, queues, actions) on this machine until Ctrl-C")
    .option("--port <port>", "the port to listen on (0: any free port)", integer(0, 65_535), 4000)
    .option("--host <address>", "the address to bind; anything but loopback lets other machines in, with no login", "127.0.0.1")
    .option("--base-path <path>", "the path the dashboard answers under", "/")
    .option("--read-only", "show everything, offer and accept no action")
    .action(
      action<{ port: number; host: string; basePath: string; readOnly?: boolean }>(ctx, async (_args, opts) => {
        const connection = ctx.connect(opts);
        // Fail now, as every other command does, rather than serve pages that only say the database is down.
        await connection.client.listQueues();
        const server = await startDashboardServer({
          driver: pgDriver(connection.pool, { listen: false }),
          ...(connection.schema === undefined ? {} : { schema: connection.schema }),
          port: opts.port,
          host: opts.host,
          basePath: opts.basePath,
          readOnly: opts.readOnly === true,
        });
        if (!LOOPBACK.has(opts.host)) {
          ctx.note(`warning: bound to ${opts.host} with no login: anyone who can reach it can ${opts.readOnly ? "read every job" : "retry, cancel and delete jobs"}`);
        }
        ctx.out(`dashboard: ${server.url}${opts.readOnly ? " (read-only)" : ""} — Ctrl-C to stop`);
        const interrupt = onInterrupt(ctx);
        try {
          await new Promise<void>((resolve) => interrupt.signal.addEventListener("abort", () => resolve(), { once: true }));
        } finally {
          interrupt.dispose();
          await server.close();
        }
        return 0;
      }),
    );
}
