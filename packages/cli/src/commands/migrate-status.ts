// `tributary migrate status`: the schema's version and every version of River's main line, the current one starred as River's migrate-list does.
import { migrationStatus } from "@tributary/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { action } from "../command-kit.js";
import { toJson } from "../output.js";

/** Adds `migrate status` to the `migrate` group. */
export function registerMigrateStatus(migrateGroup: Command, ctx: CliContext): void {
  migrateGroup
    .command("status")
    .description("show the schema's migration version and the pending versions")
    .option("--json", "print the status as JSON")
    .action(
      action<{ json?: boolean }>(ctx, async (_args, opts) => {
        const { client, schema } = ctx.connect(opts);
        const status = await migrationStatus(client.driver, schema === undefined ? {} : { schema });
        if (opts.json) {
          ctx.out(toJson(status));
          return 0;
        }
        const c = ctx.colors;
        const pending = status.pending.length === 0 ? "none" : status.pending.join(", ");
        const behind = status.version < status.required ? c.yellow(` (Tributary needs ${status.required}: run tributary migrate up)`) : "";
        ctx.out(`schema ${status.schema}, line ${status.line}: version ${status.version}${behind}; pending: ${pending}`);
        // River's `migrate-list` lines: "* " marks the current version, "  " the others once any is applied.
        for (const v of status.versions) {
          const mark = v.version === status.version ? "* " : status.version === 0 ? "" : "  ";
          const line = `${mark}${String(v.version).padStart(3, "0")} ${v.name.replaceAll("_", " ")}`;
          ctx.out(v.applied ? line : c.dim(line));
        }
        return 0;
      }),
    );
}
