// The progress bar of long bulk changes: drawn on stderr only when it is a TTY, silent otherwise.
import cliProgress from "cli-progress";
import type { CliContext } from "./cli-context.js";

/** What a long command reports its progress to. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** A bar counting up to `total` `unit`s when stderr is a TTY; a no-op otherwise (logs and pipes stay clean). */
export function progressBar(ctx: CliContext, total: number, unit: string): Progress {
  if (ctx.io.stderr.isTTY !== true) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: ctx.io.stderr, format: `{bar} {value}/{total} ${unit} {percentage}% | {eta_formatted} left`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(Math.min(done, total)),
    stop: () => bar.stop(),
  };
}
