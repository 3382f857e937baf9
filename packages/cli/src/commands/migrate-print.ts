// `tributary migrate print`: River's migrations as SQL for the project's own migration tool (plain, Prisma or Drizzle Kit layout).
import { LATEST_MIGRATION_VERSION, REQUIRED_MIGRATION_VERSION, migrationSqlFiles } from "@tributary/core";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.js";
import { action, integer } from "../command-kit.js";
import { UsageError } from "../errors.js";
import { PRINT_FORMATS, type PrintFormat, writeDrizzleMigrations, writePrismaMigrations, writeSqlFiles } from "../migration-layouts.js";
import { toJson } from "../output.js";

interface PrintOptions {
  from?: number;
  to?: number;
  format: PrintFormat;
  out?: string;
  json?: boolean;
}

/** Adds `migrate print` to the `migrate` group. */
export function registerMigratePrint(migrateGroup: Command, ctx: CliContext): void {
  migrateGroup
    .command("print")
    .description("write River's migration SQL for your own migration tool (needs no database); with --schema, names are schema-qualified")
    .option("--from <n>", "the version the database is at (default 0)", integer(0, LATEST_MIGRATION_VERSION))
    .option("--to <n>", `the version to go to; below --from writes down SQL (default ${REQUIRED_MIGRATION_VERSION})`, integer(0, LATEST_MIGRATION_VERSION))
    .addOption(new Option("--format <format>", "sql: plain files (stdout without --out); prisma: <timestamp>_river_v<N>/migration.sql folders; drizzle: journaled files").choices(PRINT_FORMATS).default("sql"))
    .option("--out <dir>", "folder to write to (prisma: your prisma/migrations; drizzle: the folder holding meta/_journal.json)")
    .option("--json", "print { files: [{ fromVersion, toVersion, path }] } as JSON")
    .action(
      action<PrintOptions>(ctx, async (_args, opts) => {
        if (opts.format !== "sql" && opts.out === undefined) throw new UsageError(`--format ${opts.format} needs --out <dir>`);
        const files = migrationSqlFiles({
          ...(opts.schema === undefined ? {} : { schema: opts.schema }),
          ...(opts.from === undefined ? {} : { fromVersion: opts.from }),
          ...(opts.to === undefined ? {} : { toVersion: opts.to }),
        });
        if (files.length === 0) {
          ctx.note("nothing to print: --from and --to are the same version");
          if (opts.json) ctx.out(toJson({ files: [] }));
          return 0;
        }
        if (opts.out === undefined) {
          if (opts.json) ctx.out(toJson({ files: files.map((f) => ({ fromVersion: f.fromVersion, toVersion: f.toVersion, path: null, sql: f.sql })) }));
          else ctx.io.stdout.write(files.map((f) => f.sql).join("\n-- A new transaction (a new migration file) starts here.\n\n"));
          return 0;
        }
        let toWrite = files;
        if (opts.format === "drizzle" && files.length > 1) {
          // Drizzle's migrator runs every pending file in one transaction, and version 4's new enum value
          // must commit before version 6 uses it: journaling both would give a migration that always fails.
          toWrite = files.slice(0, 1);
          const next = files[0]!.toVersion;
          ctx.note(
            `note: wrote only versions ${files[0]!.fromVersion} → ${next}: Drizzle's migrator applies all pending files in one transaction, and the rest must run in a later one; apply this, then run tributary migrate print --format drizzle --from ${next}${opts.to === undefined ? "" : ` --to ${opts.to}`} for the rest`,
          );
        }
        const write = { sql: writeSqlFiles, prisma: writePrismaMigrations, drizzle: writeDrizzleMigrations }[opts.format];
        const paths = write(opts.out, toWrite);
        if (opts.json) {
          ctx.out(toJson({ files: toWrite.map((f, i) => ({ fromVersion: f.fromVersion, toVersion: f.toVersion, path: paths[i] })) }));
        } else {
          for (const [i, f] of toWrite.entries()) ctx.out(`wrote ${paths[i]} (version ${f.fromVersion} → ${f.toVersion})`);
        }
        return 0;
      }),
    );
}
