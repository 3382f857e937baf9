// The options of migrate(), validated once into a complete plan of where to go.
import { InvalidArgumentError } from "../base/errors.js";
import { defaultLogger, type Logger } from "../base/logger.js";
import { LATEST_MIGRATION_VERSION, REQUIRED_MIGRATION_VERSION } from "./migration-state.js";

/** Which way {@link migrate} moves. */
export type MigrateDirection = "up" | "down";

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The schema to migrate; created when missing (going up). Default: the connection's `current_schema()`. */
  schema?: string;
  /** Receives one `info` line per applied version. Default: {@link defaultLogger}. */
  logger?: Logger;
  /**
   * Going up: the version to stop at (default {@link REQUIRED_MIGRATION_VERSION}); a schema
   * already at or above it is left as it is. Going down: the version to end at (required; 0
   * removes every River object, `river_migration` included).
   */
  targetVersion?: number;
  /**
   * `"up"` (default) or `"down"`. Going down must be asked for explicitly: a lower
   * `targetVersion` alone never drops anything, so a stale deploy cannot undo a newer one.
   */
  direction?: MigrateDirection;
  /**
   * Going down, drop tables and columns that hold data (jobs, queues, unique keys…).
   * Without it such a run throws `MIGRATION_DOWN_REFUSED` and changes nothing. Default `false`.
   */
  force?: boolean;
}

/** {@link MigrateOptions} checked and completed. */
export interface ResolvedMigrateOptions {
  schema: string | undefined;
  logger: Logger;
  direction: MigrateDirection;
  targetVersion: number;
  force: boolean;
}

/** Validates `opts` (throwing `InvalidArgumentError` naming the field) and fills the defaults. */
export function resolveMigrateOptions(opts: MigrateOptions): ResolvedMigrateOptions {
  const direction = opts.direction ?? "up";
  if (direction !== "up" && direction !== "down") {
    throw new InvalidArgumentError("opts.direction", `must be "up" or "down", got ${JSON.stringify(direction)}`);
  }
  if (opts.force !== undefined && typeof opts.force !== "boolean") {
    throw new InvalidArgumentError("opts.force", `must be a boolean, got ${JSON.stringify(opts.force)}`);
  }
  if (direction === "down" && opts.targetVersion === undefined) {
    throw new InvalidArgumentError("opts.targetVersion", `is required with direction "down" (the version to end at, 0 to remove everything)`);
  }
  const targetVersion = opts.targetVersion ?? REQUIRED_MIGRATION_VERSION;
  if (!Number.isInteger(targetVersion) || targetVersion < 0 || targetVersion > LATEST_MIGRATION_VERSION) {
    throw new InvalidArgumentError("opts.targetVersion", `must be an integer from 0 to ${LATEST_MIGRATION_VERSION}, got ${targetVersion}`);
  }
  return { schema: opts.schema, logger: opts.logger ?? defaultLogger, direction, targetVersion, force: opts.force ?? false };
}
