// Pins @tributary/core's public names (ARCHITECTURE.md's pinned API): removing or renaming one must fail here.
import { describe, expect, expectTypeOf, it } from "vitest";
import type * as core from "../src/index.js";

describe("@tributary/core's exports", () => {
  it("exports exactly these values", async () => {
    const exported = Object.keys(await import("../src/index.js")).sort();
    expect(exported).toEqual([
      "Client",
      "DuplicateJobError",
      "InvalidArgumentError",
      "InvalidJobArgsError",
      "JOB_STATES",
      "JobControl",
      "LATEST_MIGRATION_VERSION",
      "REQUIRED_MIGRATION_VERSION",
      "TributaryError",
      "assertMigrated",
      "cancel",
      "currentMigrationVersion",
      "defaultLogger",
      "defaultRetryPolicy",
      "defineJob",
      "defineWorker",
      "discard",
      "isTributaryError",
      "listenSql",
      "migrate",
      "migrationSql",
      "migrationSqlFiles",
      "migrationStatus",
      "preparedStatementsUnsupported",
      "snooze",
      "uniqueKey",
      "uniqueString",
      "unlistenSql",
      "withPoolDriver",
      "workersFor",
    ]);
  });

  it("exports the pinned types", () => {
    // Each line fails to compile (and so fails this file) when the type is no longer exported.
    expectTypeOf<core.ClientConfig<unknown>>().toHaveProperty("driver");
    expectTypeOf<core.QueueConfig>().toHaveProperty("maxWorkers");
    expectTypeOf<core.Driver<unknown>>().toHaveProperty("unwrapTx");
    expectTypeOf<core.Executor>().toHaveProperty("query");
    expectTypeOf<core.Listener>().toHaveProperty("listen");
    expectTypeOf<core.DriverTx<core.Driver<number>>>().toEqualTypeOf<number>();
    expectTypeOf<core.InsertResult>().toHaveProperty("skipped");
    expectTypeOf<core.InsertOpts>().toHaveProperty("unique");
    expectTypeOf<core.InsertManyParams>().toHaveProperty("kind");
    expectTypeOf<core.UniqueOpts>().toHaveProperty("byArgs");
    expectTypeOf<core.JobRow>().toHaveProperty("args");
    expectTypeOf<core.JobState>().toEqualTypeOf<(typeof core.JOB_STATES)[number]>();
    expectTypeOf<core.AttemptError>().toHaveProperty("attempt");
    expectTypeOf<core.JobEvent>().toHaveProperty("durationMs");
    expectTypeOf<core.ClientEvents>().toHaveProperty("job:completed");
    expectTypeOf<core.ListJobsParams>().toHaveProperty("state");
    expectTypeOf<core.ListJobsParams>().toHaveProperty("cursor");
    expectTypeOf<core.ListJobsPage>().toHaveProperty("nextCursor");
    expectTypeOf<core.JobFilters>().toHaveProperty("tagsAny");
    expectTypeOf<core.JobFilters>().toHaveProperty("args");
    expectTypeOf<core.TimeRange>().toHaveProperty("since");
    expectTypeOf<core.JobSortField>().toEqualTypeOf<"id" | "time" | "finalized_at" | "scheduled_at">();
    expectTypeOf<core.SortDirection>().toEqualTypeOf<"asc" | "desc">();
    expectTypeOf<core.AdminCallOptions<number>>().toHaveProperty("tx");
    expectTypeOf<core.BulkJobsResult>().toHaveProperty("count");
    expectTypeOf<core.CancelJobsResult>().toHaveProperty("cancelRequested");
    expectTypeOf<core.DeleteJobsOptions>().toHaveProperty("unsafeAll");
    expectTypeOf<core.QueueInfo>().toHaveProperty("counts");
    expectTypeOf<core.LeaderInfo>().toHaveProperty("leaderId");
    expectTypeOf<core.PeriodicJobInfo>().toHaveProperty("nextRunAt");
    expectTypeOf<core.JobId>().toExtend<string | number | bigint>();
    expectTypeOf<core.StopOptions>().toHaveProperty("timeout");
    expectTypeOf<core.WorkerContext>().toHaveProperty("signal");
    expectTypeOf<core.WorkerDefinition>().toHaveProperty("work");
    expectTypeOf<core.RetryPolicy>().toBeFunction();
    expectTypeOf<core.Logger>().toHaveProperty("warn");
    expectTypeOf<core.PeriodicJobs>().toHaveProperty("add");
    expectTypeOf<core.TributaryErrorCode>().toExtend<string>();
    expectTypeOf<core.Middleware>().toHaveProperty("work");
    expectTypeOf<core.Hooks>().toHaveProperty("workBegin");
    expectTypeOf<core.Plugin>().toHaveProperty("name");
    expectTypeOf<core.InsertRowView>().toHaveProperty("metadata");
    expectTypeOf<core.SubscribedJobEvent>().toHaveProperty("name");
    expectTypeOf<core.StandardSchemaV1>().toHaveProperty("~standard");
    expectTypeOf<core.JobWorker>().toHaveProperty("job");
    expectTypeOf<core.WorkerOptions>().toHaveProperty("discardOnInvalidArgs");
    expectTypeOf<core.ClientConfig<unknown>>().toHaveProperty("discardOnInvalidArgs");
  });
});
