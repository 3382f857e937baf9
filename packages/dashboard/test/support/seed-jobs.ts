// Rows for the dashboard's tests: jobs inserted through Tributary, and rows written with plain SQL exactly as River's Go workers write them.
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";

/** A migrated schema with a pool, a driver and an insert-only client on it. */
export async function openSchema(url: string, schema: string) {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const driver = pgDriver(pool);
  await migrate(driver, { schema });
  const client = new Client({ driver, schema });
  return { pool, driver, client, table: `"${schema}".river_job` };
}

/** What a failed Go attempt leaves in `errors`: RFC 3339 with nanoseconds, Go's panic trace. */
export const GO_ERROR = {
  at: "2026-11-30T08:15:42.123456789Z",
  error: "charge failed: card_declined",
  trace: "goroutine 42 [running]:\nmain.(*ChargeWorker).Work(0xc000123456)\n\t/app/workers/charge.go:87 +0x1a5",
};

/**
 * Inserts a discarded job as River's Go client finalizes one: two attempts by two Go clients,
 * both errors with nanosecond times, a recorded output, and `river:log` per attempt. Returns its id.
 */
export async function insertGoDiscardedJob(pool: pg.Pool, table: string, queue = "payments"): Promise<string> {
  const metadata = {
    output: { charged: false, reason: "card_declined", attempts: 2 },
    "river:log": [
      { attempt: 1, log: "charging customer 42\nretrying after decline" },
      { attempt: 2, log: "charging customer 42 again\ngiving up" },
    ],
  };
  const errors = [
    { at: "2026-11-30T08:14:40.987654321Z", attempt: 1, error: "charge failed: timeout", trace: "goroutine 7 [running]:\nmain.(*ChargeWorker).Work()" },
    { ...GO_ERROR, attempt: 2 },
  ];
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO ${table} (state, queue, kind, args, attempt, max_attempts, attempted_at, attempted_by, created_at, scheduled_at, finalized_at, metadata, errors, tags)
     VALUES ('discarded', $1, 'charge_card', '{"customer_id": 42, "amount_cents": 1999}', 2, 2, '2026-11-30T08:15:41.5Z',
       ARRAY['go-worker-a', 'go-worker-b'], '2026-11-30T08:14:38Z', '2026-11-30T08:14:38Z', '2026-11-30T08:15:42.2Z',
       $2::jsonb, $3::jsonb[], ARRAY['billing'])
     RETURNING id::text AS id`,
    [queue, JSON.stringify(metadata), errors.map((e) => JSON.stringify(e))],
  );
  return rows[0]!.id;
}

/** Inserts `count` available jobs of `kind` into `queue` through the client. */
export async function insertAvailable(client: Client<unknown>, count: number, kind = "send_email", queue = "default"): Promise<string[]> {
  const results = await client.insertMany(Array.from({ length: count }, (_v, i) => ({ kind, args: { n: i }, opts: { queue } })));
  return results.map((r) => r.job.id);
}
