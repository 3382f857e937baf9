// Running `tributary` once: parse, run the command, map every outcome to an exit code, close the pool.
import { CommanderError } from "commander";
import { CliContext } from "./cli-context.js";
import type { CliIo } from "./cli-io.js";
import { EXIT } from "./errors.js";
import { buildProgram } from "./program.js";

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
