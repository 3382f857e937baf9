/** @tributary/cli's public API: run the `tributary` command in-process (the `tributary` binary calls this). */
export type { CliIo } from "./cli-io.js";
export { runCli } from "./run-cli.js";
