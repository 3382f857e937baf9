export type { Driver, DriverCapabilities, DriverTx, Executor, Listener } from "./driver.js";
export {
  DuplicateJobError,
  InvalidArgumentError,
  isTributaryError,
  TributaryError,
  type TributaryErrorCode,
} from "./errors.js";
export { JOB_STATES, type AttemptError, type JobRow, type JobState } from "./job-row.js";
export { listenSql, unlistenSql } from "./listen-sql.js";
export { defaultLogger, type Logger } from "./logger.js";
