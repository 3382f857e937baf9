/**
 * Tributary in one file: migrate, enqueue jobs inside real transactions (some commit, some
 * roll back), run a worker, watch the jobs finish. `pnpm start` from the repository root.
 */
import { Client, defineJob, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { openDatabase } from "./database.js";

const ORDERS = 200;
const db = await openDatabase();
console.log(db.embedded ? "Started an embedded PostgreSQL (set DATABASE_URL to use your own)." : `Using ${redact(db.url)}.`);

const pool = new pg.Pool({ connectionString: db.url, max: 10 });
// node-postgres re-emits errors of idle pooled connections (e.g. a server shutting down) on the pool.
pool.on("error", (err) => console.error(`idle connection error: ${err.message}`));
const schema = `quickstart_${process.pid}`;
const driver = pgDriver<pg.PoolClient>(pool);
await migrate(driver, { schema });
await pool.query(`CREATE TABLE "${schema}".orders (id serial PRIMARY KEY, total int NOT NULL, receipt_sent boolean NOT NULL DEFAULT false)`);

const sendReceipt = defineJob<{ orderId: number }>("send_receipt", { maxAttempts: 5 });
const sent: number[] = [];

const client = new Client({
  driver,
  schema,
  queues: { default: { maxWorkers: 20 } },
  workers: {
    send_receipt: async (job) => {
      const { orderId } = job.args as { orderId: number };
      if (orderId % 7 === 0 && job.attempt === 1) throw new Error("mail server hiccup"); // retried
      await pool.query(`UPDATE "${schema}".orders SET receipt_sent = true WHERE id = $1`, [orderId]);
      sent.push(orderId);
    },
  },
  retryPolicy: () => new Date(Date.now() + 200), // quick retries for the demo
});

// Stop gracefully on Ctrl-C / SIGTERM: running jobs finish and are recorded first.
const shutdown = async () => {
  await client.stop(); // a no-op when already stopped
  await pool.end();
  await db.close();
};
process.once("SIGINT", () => void shutdown().then(() => process.exit(130)));
process.once("SIGTERM", () => void shutdown().then(() => process.exit(143)));

// 1. Enqueue inside the same transaction as the business write. Every fifth transaction fails
//    after enqueueing and rolls back: its order and its job vanish together.
let committed = 0;
let rolledBack = 0;
for (let i = 1; i <= ORDERS; i++) {
  const conn = await pool.connect();
  try {
    await conn.query("BEGIN");
    const { rows } = await conn.query(`INSERT INTO "${schema}".orders (total) VALUES ($1) RETURNING id`, [i * 10]);
    await client.insertTx(conn, sendReceipt, { orderId: rows[0].id });
    if (i % 5 === 0) throw new Error("payment declined");
    await conn.query("COMMIT");
    committed++;
  } catch {
    await conn.query("ROLLBACK");
    rolledBack++;
  } finally {
    conn.release();
  }
}
const jobsInTable = (await pool.query(`SELECT count(*)::int AS n FROM "${schema}".river_job`)).rows[0].n;
console.log(`Enqueued inside transactions: ${committed} committed, ${rolledBack} rolled back → ${jobsInTable} jobs in river_job.`);

// 2. Work them.
const started = Date.now();
let retried = 0;
client.on("job:failed", () => retried++);
await client.start();
while (sent.length < committed) {
  process.stdout.write(`\rWorking: ${sent.length}/${committed} receipts sent, ${retried} retried`);
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write(`\rWorking: ${sent.length}/${committed} receipts sent, ${retried} retried\n`);
// Stopping waits for the last outcomes to be written (they are batched a few ms): count after it.
await client.stop();

const states = await pool.query(`SELECT state::text, count(*)::int AS n FROM "${schema}".river_job GROUP BY 1 ORDER BY 1`);
const orders = await pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE receipt_sent)::int AS sent FROM "${schema}".orders`);
console.log(`Done in ${Date.now() - started} ms. Jobs by state: ${states.rows.map((r) => `${r.state}=${r.n}`).join(", ")}.`);
console.log(`Orders: ${orders.rows[0].n} committed, ${orders.rows[0].sent} with a receipt. No lost or phantom jobs.`);

await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
await shutdown();

function redact(url: string): string {
  return url.replace(/:[^:@/]*@/, ":***@");
}
