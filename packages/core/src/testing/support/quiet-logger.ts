// A logger that drops everything, so the suite's clients do not flood the test output.
import type { Logger } from "../../base/logger.js";

/** A Logger that writes nothing. */
export const quietLogger: Logger = Object.freeze({ debug() {}, info() {}, warn() {}, error() {} });
