// The few pieces every command file uses: its action wrapper (usage errors → exit 2 with help), option parsers, Ctrl-C between steps.
import { isTributaryError } from "@tributary/core";
import { type Command, InvalidArgumentError } from "commander";
import type { CliContext, GlobalOptions } from "./cli-context.js";
import { EXIT, UsageError } from "./errors.js";

/**
 * Wraps a command's action: its result is the exit code (default 0); a {@link UsageError} it
 * throws becomes commander's error output, the command's help and exit code 2.
 */
export function action<TOpts>(
  ctx: CliContext,
  fn: (args: string[], opts: TOpts & GlobalOptions, command: Command) => Promise<number | undefined>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const positional = args.slice(0, -2).flatMap((a) => (Array.isArray(a) ? (a as string[]) : a === undefined ? [] : [String(a)]));
    try {
      ctx.exitCode = (await fn(positional, command.optsWithGlobals<TOpts & GlobalOptions>(), command)) ?? EXIT.ok;
    } catch (err) {
      // Core's INVALID_ARGUMENT / INVALID_SCHEMA_NAME here can only come from what was typed (a cursor, a name).
      if (err instanceof UsageError || isTributaryError(err, "INVALID_ARGUMENT") || isTributaryError(err, "INVALID_SCHEMA_NAME")) {
        command.error(`error: ${(err as Error).message}`, { exitCode: EXIT.usage, code: "tributary.usage" });
      }
      throw err;
    }
  };
}

/** Parses an option's value as an integer from `min` to `max`. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** Collects a list option's values given as `--x a b`, `--x a --x b` or `--x a,b`. */
export function list(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((v) => v.trim()).filter((v) => v.length > 0)];
}

/** Ctrl-C while a long command runs: the first press asks it to stop after the current step; a second exits at once. */
export interface Interrupt {
  readonly requested: boolean;
  /** Resolves at the first Ctrl-C (for waits between steps). */
  readonly signal: AbortSignal;
  dispose(): void;
}

/** Starts listening for Ctrl-C (SIGINT) and SIGTERM; call `dispose()` when the command ends. */
export function onInterrupt(ctx: CliContext): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort();
    ctx.note("stopping after the current step (Ctrl-C again to quit now)");
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    get requested() {
      return controller.signal.aborted;
    },
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
