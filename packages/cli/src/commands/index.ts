// Every command of `tributary`, registered in its group: adding a command is its file plus one line here.
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { registerDashboard } from "./dashboard.js";
import { registerJobsCancel } from "./jobs-cancel.js";
import { registerJobsDelete } from "./jobs-delete.js";
import { registerJobsGet } from "./jobs-get.js";
import { registerJobsList } from "./jobs-list.js";
import { registerJobsRetry } from "./jobs-retry.js";
import { registerMigrateDown } from "./migrate-down.js";
import { registerMigratePrint } from "./migrate-print.js";
import { registerMigrateStatus } from "./migrate-status.js";
import { registerMigrateUp } from "./migrate-up.js";
import { registerQueuesList } from "./queues-list.js";
import { registerQueuesPause } from "./queues-pause.js";
import { registerQueuesResume } from "./queues-resume.js";
import { registerStats } from "./stats.js";

/** Adds the command groups and their commands to `program`. */
export function registerCommands(program: Command, ctx: CliContext): void {
  const migrate = program.command("migrate").description("move the schema along River's migration line");
  registerMigrateUp(migrate, ctx);
  registerMigrateDown(migrate, ctx);
  registerMigrateStatus(migrate, ctx);
  registerMigratePrint(migrate, ctx);

  const jobs = program.command("jobs").description("list, inspect, retry, cancel and delete jobs");
  registerJobsList(jobs, ctx);
  registerJobsGet(jobs, ctx);
  registerJobsRetry(jobs, ctx);
  registerJobsCancel(jobs, ctx);
  registerJobsDelete(jobs, ctx);

  const queues = program.command("queues").description("list, pause and resume queues");
  registerQueuesList(queues, ctx);
  registerQueuesPause(queues, ctx);
  registerQueuesResume(queues, ctx);

  registerStats(program, ctx);
  registerDashboard(program, ctx);
}
