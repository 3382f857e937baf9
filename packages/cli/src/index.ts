/** @tributary/cli's public API: run the `tributary` command in-process (the `tributary` binary calls this). */
export type { CliIo } from "./cli-context.js";
export { runCli } from "./program.js";
