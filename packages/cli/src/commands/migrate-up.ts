// `tributary migrate up [--target N]`: applies the River migrations the schema lacks, up to N (default: what Tributary needs).
import { LATEST_MIGRATION_VERSION, REQUIRED_MIGRATION_VERSION, migrate } from "@tributary/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { action, integer } from "../command-kit.js";
import { toJson } from "../output.js";
import { migrationProgressLogger } from "./migrate-logger.js";

/** Adds `migrate up` to the `migrate` group. */
export function registerMigrateUp(migrateGroup: Command, ctx: CliContext): void {
  migrateGroup
    .command("up")
    .description(`apply the migrations the schema lacks (creating the schema if missing), up to --target`)
    .option("--target <n>", `version to stop at (default ${REQUIRED_MIGRATION_VERSION}, at most ${LATEST_MIGRATION_VERSION})`, integer(1, LATEST_MIGRATION_VERSION))
    .option("--json", "print { schema, applied, version } as JSON")
    .action(
      action<{ target?: number; json?: boolean }>(ctx, async (_args, opts) => {
        const { client, schema } = ctx.connect(opts);
        const result = await migrate(client.driver, {
          ...(schema === undefined ? {} : { schema }),
          ...(opts.target === undefined ? {} : { targetVersion: opts.target }),
          logger: migrationProgressLogger(ctx, opts.json === true),
        });
        if (opts.json) {
          ctx.out(toJson({ schema: schema ?? null, applied: result.applied, version: result.version }));
        } else if (result.applied.length === 0) {
          ctx.out(`already at version ${result.version}: nothing to apply`);
        } else {
          ctx.out(`applied ${result.applied.join(", ")}: now at version ${result.version}`);
        }
        return 0;
      }),
    );
}
