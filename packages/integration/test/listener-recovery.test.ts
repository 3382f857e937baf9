// A client whose first LISTEN fails keeps trying in the background and then hears inserts at once.
import { Client, type Listener, migrate } from "@tributary/core";
import { PgListener, pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { waitFor } from "./support/wait-for.js";

let schema: IsolatedSchema;
let pool: pg.Pool;

beforeEach(async () => {
  schema = await createIsolatedSchema("lrec");
  pool = new pg.Pool({ connectionString: schema.url, max: 5 });
  await migrate(pgDriver(pool), { schema: schema.name });
});
afterEach(async () => {
  await pool.end();
  await schema.drop();
});

/**
 * The real listener, except that its first `failures` connects are refused the way a server
 * that is restarting or out of connections refuses them.
 */
function listenerRefusedAtFirst(failures: number): { make: () => Listener; attempts: () => number } {
  let attempts = 0;
  return {
    attempts: () => attempts,
    make: () => {
      const real = new PgListener(pool);
      return {
        connect: async () => {
          attempts += 1;
          if (attempts <= failures) throw Object.assign(new Error("sorry, too many clients already"), { code: "53300" });
          await real.connect();
        },
        listen: (channel, on) => real.listen(channel, on),
        unlisten: (channel) => real.unlisten(channel),
        onReconnect: (handler) => real.onReconnect(handler),
        close: () => real.close(),
      };
    },
  };
}

it("retries LISTEN after a failed start and then starts an inserted job without waiting for a poll", async () => {
  const refused = listenerRefusedAtFirst(2);
  const started: number[] = [];
  const client = new Client({
    driver: pgDriver(pool, { listener: refused.make }),
    schema: schema.name,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    // Far longer than the test: only a notification can start the job in time.
    pollInterval: 60_000,
    queues: { default: { maxWorkers: 2 } },
    workers: { job: async () => void started.push(performance.now()) },
  });
  await client.start();
  try {
    await waitFor("the third LISTEN attempt", async () => refused.attempts() >= 3, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    const insertedAt = performance.now();
    await client.insert("job", {});
    await waitFor("the job started", async () => started.length === 1, 5_000);
    expect(started[0]! - insertedAt).toBeLessThan(2_000);
  } finally {
    await client.stop();
  }
});
