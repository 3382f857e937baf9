#!/usr/bin/env node
// The `tributary` binary: runs the command on this process's arguments and streams, and exits with its code.
import { runCli } from "./run-cli.js";

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tributary: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
