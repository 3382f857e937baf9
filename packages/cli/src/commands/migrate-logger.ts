// The logger migrate up/down run with: one stderr line per version applied or reverted, as the run goes.
import type { Logger } from "@tributary/core";
import type { CliContext } from "../cli-context.js";

/** Prints core's per-version `info` lines ("applied River migration" with its version and name) as progress on stderr. */
export function migrationProgressLogger(ctx: CliContext, quiet: boolean): Logger {
  const line = (fields: object, message: string) => {
    const f = fields as { version?: number; name?: string };
    const what = f.version === undefined ? "" : ` ${String(f.version).padStart(3, "0")}${f.name ? ` ${f.name}` : ""}`;
    ctx.note(ctx.errColors.dim(`${message}${what}`));
  };
  return {
    debug: () => {},
    info: (fields, message) => {
      if (!quiet) line(fields, message);
    },
    warn: line,
    error: line,
  };
}
