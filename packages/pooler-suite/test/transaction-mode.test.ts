// Every driver through PgBouncer 1.18 in transaction mode (fewer server connections than clients): the whole API, 8 clients, 5,000 jobs.
import { Client, REQUIRED_MIGRATION_VERSION, migrate } from "@tributary/core";
import { waitFor } from "@tributary/test-db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DRIVER_CASES, type OpenedLibrary } from "./support/driver-cases.js";
import { pgbouncerAdmin, pgbouncerStats } from "./support/pgbouncer.js";
import { TRANSACTION_POOL_SIZE } from "./support/pooler-setup.js";
import { recordingLogger } from "./support/recording-logger.js";
import { createSuiteSchema, type SuiteSchema } from "./support/suite-schema.js";

const poolerUrl = inject("poolerUrl");
const directUrl = inject("directUrl");
const adminUrl = inject("poolerAdminUrl");

const CLIENTS = 8;
const JOBS = 5_000;

/** The one warning expected without a listener: the client says it polls. */
const notPollingNotice = (problem: string) => !problem.includes("cannot LISTEN here; polling");

describe.each(DRIVER_CASES.map((c) => [c.name, c] as const))("through PgBouncer (transaction mode) on %s", (_name, driverCase) => {
  let schema: SuiteSchema;
  let lib: OpenedLibrary;
  const opened: OpenedLibrary[] = [];
  const open = (max: number) => {
    const l = driverCase.open(poolerUrl, { max, prepare: false });
    opened.push(l);
    return l;
  };

  beforeAll(async () => {
    schema = await createSuiteSchema(directUrl, driverCase.name);
    lib = open(4);
  });

  afterAll(async () => {
    for (const l of opened) await l.close();
    await schema?.drop();
  });

  it("six concurrent migrate() calls on a new schema all succeed (the lock is transaction-scoped)", async () => {
    const libs = Array.from({ length: 6 }, () => open(1));
    const results = await Promise.all(libs.map((l) => migrate(l.driver, { schema: schema.name })));
    expect(results.map((r) => r.version)).toEqual(Array(6).fill(REQUIRED_MIGRATION_VERSION));
    // Each version applied by exactly one of the six.
    const applied = results.flatMap((r) => r.applied).sort((a, b) => a - b);
    expect(applied).toEqual(Array.from({ length: REQUIRED_MIGRATION_VERSION }, (_, i) => i + 1));
  });

  it("insert, insertTx in the library's own transaction, insertMany, listing and admin calls", async () => {
    const client = new Client({ driver: lib.driver, schema: schema.name });
    const { job } = await client.insert("plain", { n: 1 }, { queue: "q_admin" });
    const committed = await lib.inTx(schema.name, "alice", (tx) => client.insertTx(tx, "receipt", { customer: "alice" }, { queue: "q_admin" }));
    await expect(
      lib.inTx(schema.name, "bob", async (tx) => {
        await client.insertTx(tx, "receipt", { customer: "bob" }, { queue: "q_admin" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const many = await client.insertMany(Array.from({ length: 50 }, (_, n) => ({ kind: "bulk", args: { n }, opts: { queue: "q_admin" } })));
    expect(many).toHaveLength(50);

    const orders = await schema.query<{ customer: string }>(`SELECT customer FROM "${schema.name}".orders ORDER BY id`);
    expect(orders.map((o) => o.customer)).toContain("alice");
    expect(orders.map((o) => o.customer)).not.toContain("bob");
    expect((await client.getJob(committed.job.id))?.args).toEqual({ customer: "alice" });
    expect((await client.listJobs({ kind: ["receipt"] })).map((j) => j.args)).toEqual([{ customer: "alice" }]);
    expect(await client.countJobs({ queue: ["q_admin"] })).toBe(52);

    expect((await client.cancelJob(job.id))?.state).toBe("cancelled");
    expect((await client.retryJob(job.id))?.state).toBe("available");
    expect((await client.deleteJob(many[0]!.job.id))?.id).toBe(many[0]!.job.id);
    await client.pauseQueue("q_admin");
    expect((await client.getQueue("q_admin"))?.pausedAt).toBeInstanceOf(Date);
    await client.resumeQueue("q_admin");
    expect((await client.listQueues()).find((q) => q.name === "q_admin")?.pausedAt ?? null).toBeNull();
    expect((await client.deleteJobs({ queue: ["q_admin"] })).count).toBe(51);
  });

  it("completeTx finishes a running job inside the library's transaction, with the worker's own write", async () => {
    const logger = recordingLogger();
    const client = new Client({
      driver: lib.driver,
      schema: schema.name,
      queues: { q_complete: { maxWorkers: 2 } },
      pollInterval: 50,
      logger,
      workers: {
        ship: async (job) => {
          await lib.inTx(schema.name, `shipped ${(job.args as { order: number }).order}`, (tx) => client.completeTx(tx, job));
        },
      },
    });
    const inserted = await client.insertMany([1, 2, 3].map((order) => ({ kind: "ship", args: { order }, opts: { queue: "q_complete" } })));
    await client.start();
    try {
      await schema.waitForCompleted(3, 20_000);
    } finally {
      await client.stop();
    }
    for (const { job } of inserted) expect((await client.getJob(job.id))?.attempt).toBe(1);
    const shipped = await schema.query(`SELECT 1 FROM "${schema.name}".orders WHERE customer LIKE 'shipped %'`);
    expect(shipped).toHaveLength(3);
    expect(logger.problems.filter(notPollingNotice)).toEqual([]);
    await schema.query(`DELETE FROM "${schema.name}".river_job`);
  });

  it(`${CLIENTS} clients work ${JOBS} jobs through ${TRANSACTION_POOL_SIZE} server connections: each once, no error, all through PgBouncer`, async () => {
    const before = await pgbouncerStats(adminUrl, "postgres");
    const inserter = new Client({ driver: lib.driver, schema: schema.name });
    for (let start = 0; start < JOBS; start += 1_000) {
      await inserter.insertMany(Array.from({ length: 1_000 }, (_, i) => ({ kind: "count", args: { n: start + i }, opts: { queue: "q_load" } })));
    }
    const runs = new Map<number, number>();
    const logger = recordingLogger();
    const clients = Array.from({ length: CLIENTS }, (_, i) => {
      const own = open(2);
      return new Client({
        driver: own.driver,
        schema: schema.name,
        id: `load-${i}`,
        queues: { q_load: { maxWorkers: 10 } },
        pollInterval: 100,
        logger,
        workers: {
          count: async (job) => {
            const n = (job.args as { n: number }).n;
            runs.set(n, (runs.get(n) ?? 0) + 1);
          },
        },
      });
    });
    await Promise.all(clients.map((c) => c.start()));
    try {
      await schema.waitForCompleted(JOBS, 90_000);
    } finally {
      await Promise.all(clients.map((c) => c.stop()));
    }
    expect(runs.size).toBe(JOBS);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const [attempts] = await schema.query<{ max: number; errors: number; workers: number }>(
      `SELECT max(attempt)::int AS max, count(*) FILTER (WHERE cardinality(errors) > 0)::int AS errors,
              count(DISTINCT attempted_by[1])::int AS workers
         FROM "${schema.name}".river_job WHERE queue = 'q_load'`,
    );
    expect(attempts).toEqual({ max: 1, errors: 0, workers: CLIENTS });
    expect(logger.problems.filter(notPollingNotice)).toEqual([]);
    const after = await pgbouncerStats(adminUrl, "postgres");
    // Every fetch and completion batch is a transaction through PgBouncer.
    expect(after.totalXactCount - before.totalXactCount).toBeGreaterThan(JOBS / 100);
    const servers = (await pgbouncerAdmin(adminUrl, "SHOW SERVERS")).filter((r) => r.database === "postgres");
    expect(servers.length).toBeLessThanOrEqual(TRANSACTION_POOL_SIZE);
    await schema.query(`DELETE FROM "${schema.name}".river_job`);
  });

  it("periodic jobs, leader election and the leader's maintenance (retries made due) run through the pooler", async () => {
    const logger = recordingLogger();
    let flakyAttempts = 0;
    const make = (i: number) =>
      new Client({
        driver: open(2).driver,
        schema: schema.name,
        id: `leader-${i}`,
        queues: { default: { maxWorkers: 2 } },
        pollInterval: 50,
        schedulerInterval: 100,
        logger,
        retryPolicy: () => new Date(Date.now() + 200),
        periodicJobs: [{ every: 1_000, kind: "tick", args: {} }],
        workers: {
          tick: async () => {},
          flaky: async () => {
            flakyAttempts += 1;
            if (flakyAttempts === 1) throw new Error("first attempt fails");
          },
        },
      });
    const clients = [make(0), make(1)];
    await Promise.all(clients.map((c) => c.start()));
    try {
      await clients[0]!.insert("flaky", {});
      await waitFor(
        "2 ticks and the flaky job completed",
        async () => {
          const rows = await schema.query<{ kind: string; n: number }>(
            `SELECT kind, count(*)::int AS n FROM "${schema.name}".river_job WHERE state = 'completed' GROUP BY kind`,
          );
          const done = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
          return (done.tick ?? 0) >= 2 && done.flaky === 1;
        },
        30_000,
      );
      const leaders = await schema.query<{ leader_id: string }>(`SELECT leader_id FROM "${schema.name}".river_leader`);
      expect(leaders).toHaveLength(1);
      expect(["leader-0", "leader-1"]).toContain(leaders[0]!.leader_id);
      const dupes = await schema.query(
        `SELECT scheduled_at FROM "${schema.name}".river_job WHERE kind = 'tick' GROUP BY scheduled_at HAVING count(*) > 1`,
      );
      expect(dupes).toEqual([]);
    } finally {
      await Promise.all(clients.map((c) => c.stop()));
    }
    expect(flakyAttempts).toBe(2);
    expect(logger.problems.filter(notPollingNotice).filter((p) => !p.includes("first attempt fails"))).toEqual([]);
  });
});
