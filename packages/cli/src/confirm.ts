// Asking a person on the terminal before a bulk change; only ever called when stdin and stdout are TTYs.
import { createInterface } from "node:readline/promises";
import type { CliContext } from "./cli-context.js";

/** Asks `question [y/N]` and resolves true only for y / yes. */
export async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stdout });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
