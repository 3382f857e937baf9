// How commands print: aligned tables and colours for people (colours only on a TTY, never with NO_COLOR), exact JSON for scripts.
import Table from "cli-table3";
import pc from "picocolors";

/** The colour functions commands use; identity functions when colours are off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Colours on only for a TTY and when `NO_COLOR` is unset or empty (https://no-color.org). */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colors {
  return pc.createColors(stream.isTTY === true && !env.NO_COLOR);
}

const BORDERLESS = {
  top: "", "top-mid": "", "top-left": "", "top-right": "",
  bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
  left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "  ",
};

/** Rows under a header, in columns aligned with two spaces between them (numbers right-aligned). */
export function table(colors: Colors, head: string[], rows: (string | number)[][], numeric: number[] = []): string {
  const t = new Table({
    head: head.map((h) => colors.bold(h)),
    chars: BORDERLESS,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
    colAligns: head.map((_, i) => (numeric.includes(i) ? "right" : "left")),
  });
  for (const row of rows) t.push(row.map(String));
  return t
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}

const BIGINT_MARK = "\u0000bigint:";

/**
 * One JSON document, two-space indented. Integers beyond 2^53 in jobs' args and metadata are
 * `bigint` in core and printed as their exact digits (plain `JSON.stringify` would throw).
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${BIGINT_MARK}${v}` : v), 2);
  // The mark is a NUL-prefixed string, which JSON escapes as \u0000: match it in that escaped form.
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, "$1");
}

/** A duration in ms as people read it: `850ms`, `42s`, `3m12s`, `5h03m`, `2d04h`. */
export function formatAge(ms: number | null): string {
  if (ms === null) return "-";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, "0")}h`;
}

/** A timestamp in UTC without milliseconds, e.g. `2026-12-01 11:20:05Z`; `-` for none. */
export function formatTime(date: Date | null): string {
  return date === null ? "-" : `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}
