// A logger that drops everything, for tests whose clients would otherwise flood the output.

/** A Logger (debug/info/warn/error) that writes nothing; structurally a `@tributary/core` Logger. */
export const quietLogger = Object.freeze({ debug() {}, info() {}, warn() {}, error() {} });
