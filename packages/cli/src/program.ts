// The `tributary` program: global options, commander's behaviour (exit codes, help after errors, our streams) and its commands.
import { Command, CommanderError } from "commander";
import { type CliIo, CliContext } from "./cli-context.js";
import { registerCommands } from "./commands/index.js";
import { EXIT } from "./errors.js";
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

/** The streams of this process. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/**
 * Runs `tributary` with `argv` (the arguments after the program name) and resolves to its exit
 * code: 0 done, 1 the work failed (one line on stderr, e.g. an unreachable database), 2 bad
 * usage (the command's help on stderr), 130 interrupted.
 *
 * @example
 * process.exitCode = await runCli(["migrate", "up", "--schema", "jobs"]);
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const ctx = new CliContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? EXIT.ok : EXIT.usage;
    }
    ctx.note(ctx.errColors.red(`tributary: ${ctx.explain(err)}`));
    return EXIT.failed;
  } finally {
    await ctx.close();
  }
}
