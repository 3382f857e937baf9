// `tributary migrate down --target N [--force]`: undoes the versions above N; refuses to drop tables holding rows without --force.
import { LATEST_MIGRATION_VERSION, isTributaryError, migrate } from "@tributary/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { action, integer } from "../command-kit.js";
import { CommandFailed } from "../errors.js";
import { toJson } from "../output.js";
import { migrationProgressLogger } from "./migrate-logger.js";

/** Adds `migrate down` to the `migrate` group. */
export function registerMigrateDown(migrateGroup: Command, ctx: CliContext): void {
  migrateGroup
    .command("down")
    .description("undo the versions above --target, newest first, in one transaction")
    .requiredOption("--target <n>", "version to end at (0 removes every River object)", integer(0, LATEST_MIGRATION_VERSION))
    .option("--force", "drop tables and columns that hold data (jobs, queues…) too")
    .option("--json", "print { schema, applied, version } as JSON")
    .action(
      action<{ target: number; force?: boolean; json?: boolean }>(ctx, async (_args, opts) => {
        const { client, schema } = ctx.connect(opts);
        const result = await migrate(client.driver, {
          ...(schema === undefined ? {} : { schema }),
          direction: "down",
          targetVersion: opts.target,
          force: opts.force === true,
          logger: migrationProgressLogger(ctx, opts.json === true),
        }).catch((err: unknown) => {
          // Core names its option; on the command line it is a flag.
          if (isTributaryError(err, "MIGRATION_DOWN_REFUSED")) throw new CommandFailed(err.message.replace("pass { force: true }", "pass --force"));
          throw err;
        });
        if (opts.json) {
          ctx.out(toJson({ schema: schema ?? null, applied: result.applied, version: result.version }));
        } else if (result.applied.length === 0) {
          ctx.out(`already at version ${result.version}: nothing to undo`);
        } else {
          ctx.out(`reverted ${result.applied.join(", ")}: now at version ${result.version}`);
        }
        return 0;
      }),
    );
}
