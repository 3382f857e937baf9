/** The reindexer's option: River's defaults, validated once. */
import { InvalidArgumentError } from "../base/errors.js";

/** River's schedule: once a day, at 00:00 UTC (multiples of a day since the Unix epoch). */
export const DEFAULT_REINDEX_INTERVAL_MS = 86_400_000;
/** River's per-index timeout. */
export const DEFAULT_REINDEX_TIMEOUT_MS = 60_000;
/** The `reindexer` client option in object form. Durations are milliseconds. */
export interface ReindexerConfig {
  /**
   * Run at every multiple of this many milliseconds since the Unix epoch. Default one day,
   * i.e. daily at 00:00 UTC as River does; shorter values are meant for tests.
   */
  interval?: number;
  /** Cancel one index's reindex after this long (its artifacts are then dropped). Default 60 000. */
  timeout?: number;
}

/** The reindexer's settings once resolved. */
export interface ReindexerSettings {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/**
 * Validates the `reindexer` client option: absent or `true` → River's defaults, `false` →
 * off (`undefined`), `{ interval?, timeout? }` → those. Throws INVALID_ARGUMENT naming the field.
 */
export function resolveReindexerConfig(value: unknown, field = "config.reindexer"): ReindexerSettings | undefined {
  if (value === false) return undefined;
  if (value === undefined || value === true) return { intervalMs: DEFAULT_REINDEX_INTERVAL_MS, timeoutMs: DEFAULT_REINDEX_TIMEOUT_MS };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(field, "must be true, false or { interval?, timeout? } (milliseconds)");
  }
  const { interval, timeout } = value as ReindexerConfig;
  const positive = (v: unknown, name: string, fallback: number): number => {
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      throw new InvalidArgumentError(`${field}.${name}`, `must be a positive integer number of milliseconds, got ${String(v)}`);
    }
    return v;
  };
  return { intervalMs: positive(interval, "interval", DEFAULT_REINDEX_INTERVAL_MS), timeoutMs: positive(timeout, "timeout", DEFAULT_REINDEX_TIMEOUT_MS) };
}

