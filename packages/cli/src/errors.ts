// The two ways a command fails: bad usage (exit 2, with the command's help) and failing to do the work (exit 1, one line).

/** Exit codes of the `tributary` command. */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, interrupted: 130 });

/** The command was called wrongly (a missing option, a bad value, no `--yes` without a TTY): exit 2 with its help. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The command could not do its work (no database, a refused migration, a missing job): exit 1 with this one line. */
export class CommandFailed extends Error {
  override readonly name = "CommandFailed";
}

/** Network and authentication failures of pg: the database is missing or unreachable. */
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "28P01", "28000", "3D000"]);

/** True when `err` says the database could not be reached or logged into. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === "string" && CONNECTION_CODES.has(e.code)) return true;
  return typeof e?.message === "string" && /^(Connection terminated|timeout expired|connect )/.test(e.message);
}

/** One line saying what went wrong, without a stack trace. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0]!.trim() || (err instanceof Error ? err.name : "unknown error");
}
