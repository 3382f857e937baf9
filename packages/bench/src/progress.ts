/** Reports what the benchmark is doing on one `\r`-rewritten stderr line. */
export interface Progress {
  /** Sets the current phase, e.g. `rep 1/3 · process c=10 · pg-boss`. */
  phase(label: string): void;
  /** Updates the count within the phase. */
  tick(done: number, total: number): void;
  /** Prints a line of its own (a note or a warning) without breaking the progress line. */
  note(message: string): void;
  /** Clears the line. */
  done(): void;
}

const THROTTLE_MS = 100;

/** A progress line on stderr; silent (notes still print) when `enabled` is false. */
export function stderrProgress(enabled: boolean): Progress {
  let label = "";
  let lastWrite = 0;
  let width = 0;
  const write = (text: string): void => {
    const padded = text.padEnd(width, " ");
    width = text.length;
    process.stderr.write(`\r${padded}`);
  };
  return {
    phase(next) {
      label = next;
      if (enabled) write(label);
    },
    tick(done, total) {
      if (!enabled) return;
      const now = Date.now();
      if (now - lastWrite < THROTTLE_MS && done < total) return;
      lastWrite = now;
      write(`${label} · ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`);
    },
    note(message) {
      if (enabled) write("");
      process.stderr.write(`${enabled ? "\r" : ""}${message}\n`);
      if (enabled && label) write(label);
    },
    done() {
      if (enabled) {
        write("");
        process.stderr.write("\r");
      }
    },
  };
}

/** A progress sink that prints nothing but notes. */
export const quietProgress: Progress = stderrProgress(false);
