// The `tributary` program: global options, commander's behaviour (help after errors, our streams) and its commands.
import { Command } from "commander";
import type { CliContext } from "./cli-context.js";
import { registerCommands } from "./commands/index.js";
import { CLI_VERSION } from "./version.js";

/** Builds the program for one run on `ctx`'s streams. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("tributary")
    .description("Migrate River's schema and inspect and control Tributary's (and River's) jobs and queues.")
    .version(CLI_VERSION)
    .option("--database-url <url>", "PostgreSQL connection URL (default: $DATABASE_URL)")
    .option("--schema <name>", "schema of River's tables (default: the connection's current_schema())")
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(ctx.errColors.red(s)),
    });
  registerCommands(program, ctx);
  return program;
}
