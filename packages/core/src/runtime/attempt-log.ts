/** One attempt's persisted log lines, and River's `river:log` array they are merged into. */
import { stringifyExactJson } from "../json/exact-json-stringify.js";

/** The `jobLogs` settings, resolved. */
export interface JobLogSettings {
  readonly enabled: boolean;
  /** An attempt's text is cut at this many bytes (River: 2 MiB). */
  readonly maxAttemptBytes: number;
  /** The whole `river:log` array is kept under this many bytes by dropping its oldest entries (River: 8 MiB). */
  readonly maxTotalBytes: number;
}

/** One entry of River's `river:log`. */
interface LogEntry {
  attempt: number;
  log: string;
}

/**
 * Collects an attempt's lines as text, one per call: `LEVEL message {"field":…}` (the level in
 * upper case, the fields as JSON when there are any). River stores one entry per attempt that
 * logged anything, `{ "attempt": n, "log": "<lines joined by \n>" }`.
 */
export class AttemptLog {
  readonly #attempt: number;
  readonly #settings: JobLogSettings;
  #text = "";
  #bytes = 0;
  #cut = false;

  constructor(attempt: number, settings: JobLogSettings) {
    this.#attempt = attempt;
    this.#settings = settings;
  }

  add(level: string, message: string, fields: object): void {
    if (this.#cut) return;
    const json = Object.keys(fields).length > 0 ? ` ${stringifyExactJson(fields) ?? ""}` : "";
    const line = `${this.#text === "" ? "" : "\n"}${level.toUpperCase()} ${message}${json}`;
    const bytes = Buffer.byteLength(line, "utf8");
    if (this.#bytes + bytes > this.#settings.maxAttemptBytes) {
      this.#text += Buffer.from(line, "utf8").subarray(0, this.#settings.maxAttemptBytes - this.#bytes).toString("utf8").replace(/\uFFFD$/, "");
      this.#cut = true;
      return;
    }
    this.#text += line;
    this.#bytes += bytes;
  }

  /**
   * `existing` (the row's `river:log` as fetched) with this attempt's entry appended, the
   * oldest entries dropped until the array fits `maxTotalBytes` (the newest always kept);
   * undefined when this attempt logged nothing.
   */
  mergedInto(existing: unknown): LogEntry[] | undefined {
    if (this.#text === "") return undefined;
    const entries = (Array.isArray(existing) ? existing : []).filter(isEntry);
    entries.push({ attempt: this.#attempt, log: this.#text });
    let total = Buffer.byteLength(JSON.stringify(entries), "utf8");
    while (entries.length > 1 && total > this.#settings.maxTotalBytes) {
      const dropped = entries.shift()!;
      total -= Buffer.byteLength(JSON.stringify(dropped), "utf8") + 1;
    }
    return entries;
  }
}

function isEntry(value: unknown): value is LogEntry {
  return typeof value === "object" && value !== null && typeof (value as LogEntry).log === "string";
}
