// Registers a test, or skips it with the reason in its name when the library cannot do what it checks.
import { it } from "vitest";

/** `it(name, fn)`, or a skipped test whose name carries `skipReason` when one is given. */
export function itUnless(skipReason: string | undefined, name: string, fn: () => Promise<void>): void {
  if (skipReason === undefined) it(name, fn);
  else it.skip(`${name} [skipped: ${skipReason}]`, fn);
}
