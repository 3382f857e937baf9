/**
 * Anything with pino-style level methods: `pino()`, `console`, or your own.
 * Tributary calls `logger.warn({ jobId }, "message")`.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const noop = () => {};

/** The default: silent except warnings and errors, which go to the console. */
export const defaultLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: (fields: object, message: string) => console.warn(`[tributary] ${message}`, fields),
  error: (fields: object, message: string) => console.error(`[tributary] ${message}`, fields),
});
