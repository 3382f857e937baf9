// A logger that keeps warnings and errors, so a scenario can assert that nothing went wrong quietly.
import type { Logger } from "@tributary/core";

/** A {@link Logger} that records every warn/error message with its error, if any. */
export interface RecordingLogger extends Logger {
  readonly problems: string[];
}

export function recordingLogger(): RecordingLogger {
  const problems: string[] = [];
  const keep = (level: string) => (fields: object, message: string) => {
    const err = (fields as { err?: unknown }).err;
    problems.push(`${level}: ${message}${err === undefined ? "" : ` (${String(err)})`}`);
  };
  const ignore = () => {};
  return { problems, debug: ignore, info: ignore, warn: keep("warn"), error: keep("error") };
}
