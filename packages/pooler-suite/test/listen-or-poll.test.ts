// LISTEN cannot go through a transaction-mode pooler: every driver wakes through a direct listener, or polls for everything.
import { Client, migrate } from "@tributary/core";
import { waitFor } from "@tributary/test-db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { directListener } from "./support/direct-listener.js";
import { DRIVER_CASES, type OpenedLibrary } from "./support/driver-cases.js";
import { createSuiteSchema, type SuiteSchema } from "./support/suite-schema.js";

const poolerUrl = inject("poolerUrl");
const directUrl = inject("directUrl");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DRIVER_CASES.map((c) => [c.name, c] as const))("LISTEN or polling behind PgBouncer (transaction mode) on %s", (_name, driverCase) => {
  let schema: SuiteSchema;
  const opened: OpenedLibrary[] = [];

  beforeAll(async () => {
    schema = await createSuiteSchema(directUrl, `listen_${driverCase.name}`);
    const lib = driverCase.open(poolerUrl, { max: 1, prepare: false });
    opened.push(lib);
    await migrate(lib.driver, { schema: schema.name });
  });

  afterAll(async () => {
    for (const l of opened) await l.close();
    await schema?.drop();
  });

  const stateOf = async (id: string) =>
    (await schema.query<{ state: string }>(`SELECT state::text FROM "${schema.name}".river_job WHERE id = $1`, [id]))[0]?.state;

  it("with a direct listener, a job inserted through the pooler starts on its notification, not on a poll", async () => {
    const direct = directListener(driverCase.library, directUrl);
    const lib = driverCase.open(poolerUrl, { max: 2, prepare: false, listener: direct.listener });
    opened.push(lib);
    const client = new Client({
      driver: lib.driver,
      schema: schema.name,
      queues: { q_listen: { maxWorkers: 1 } },
      // Far longer than the test: only a notification can start the job in time.
      pollInterval: 600_000,
      workers: { woken: async () => {} },
    });
    try {
      await client.start();
      await sleep(300);
      const { job } = await client.insert("woken", {}, { queue: "q_listen" });
      await waitFor("the job to complete", async () => (await stateOf(job.id)) === "completed", 15_000);
    } finally {
      await client.stop();
      // The listener gave its direct connection back; the application's pool is its own to close.
      expect(direct.checkedOut()).toBe(0);
      await direct.close();
    }
  });

  it("without a listener, cancellation, pause/resume and stop() all work by polling", async () => {
    const lib = driverCase.open(poolerUrl, { max: 2, prepare: false });
    opened.push(lib);
    let sawAbort = false;
    const client = new Client({
      driver: lib.driver,
      schema: schema.name,
      queues: { q_poll: { maxWorkers: 2 } },
      pollInterval: 200,
      stopTimeout: 1_000,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      workers: {
        until_aborted: (_job, ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener("abort", () => {
              sawAbort = true;
              reject(ctx.signal.reason);
            });
          }),
        quick: async () => {},
      },
    });
    await client.start();
    try {
      // Cancellation of a running job reaches its signal through polling.
      const running = await client.insert("until_aborted", {}, { queue: "q_poll" });
      await waitFor("the job to run", async () => (await stateOf(running.job.id)) === "running", 10_000);
      await client.cancelJob(running.job.id);
      await waitFor("the cancelled job to finish", async () => (await stateOf(running.job.id)) === "cancelled", 10_000);
      expect(sawAbort).toBe(true);

      // A paused queue is not fetched; resumed, it is.
      await client.pauseQueue("q_poll");
      await sleep(600);
      const held = await client.insert("quick", {}, { queue: "q_poll" });
      await sleep(1_000);
      expect(await stateOf(held.job.id)).toBe("available");
      await client.resumeQueue("q_poll");
      await waitFor("the resumed queue's job to complete", async () => (await stateOf(held.job.id)) === "completed", 10_000);

      // stop() returns with a job still running: it is interrupted, back to available.
      const interrupted = await client.insert("until_aborted", {}, { queue: "q_poll" });
      await waitFor("the job to run", async () => (await stateOf(interrupted.job.id)) === "running", 10_000);
      await client.stop();
      expect(await stateOf(interrupted.job.id)).toBe("available");
    } finally {
      await client.stop();
    }
  });
});
