import pg from "pg";
import type { Logger } from "../../src/base/logger.js";
import { migrate } from "../../src/migrate/index.js";
import { type SchemaTables, schemaTables } from "../../src/sql/schema-tables.js";
import { poolDriver } from "./pg-executor.js";

/** A logger that keeps what it was given, so tests can assert on warnings. */
export interface CapturingLogger extends Logger {
  readonly entries: { level: string; fields: object; message: string }[];
}

export function capturingLogger(): CapturingLogger {
  const entries: CapturingLogger["entries"] = [];
  const at = (level: string) => (fields: object, message: string) => void entries.push({ level, fields, message });
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A pool on `url` whose River tables live in `schema` (migrated by Tributary's own migrator). */
export async function migratedPool(url: string, schema: string): Promise<{ pool: pg.Pool; tables: SchemaTables }> {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  await migrate(poolDriver(pool), { schema, logger: capturingLogger() });
  return { pool, tables: schemaTables(schema) };
}

/** A job row to insert; times are offsets from now() in ms (negative = in the past). */
export interface TestJob {
  state: string;
  queue?: string;
  kind?: string;
  attempt?: number;
  maxAttempts?: number;
  scheduledInMs?: number;
  attemptedInMs?: number | null;
  finalizedInMs?: number | null;
  metadata?: object;
  errorCount?: number;
  uniqueKey?: string | null;
  /** e.g. "11110101" */
  uniqueStates?: string | null;
}

/** Inserts one job with plain SQL and returns its id. */
export async function insertTestJob(pool: pg.Pool, tables: SchemaTables, job: TestJob): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO ${tables.job} (state, queue, kind, args, attempt, max_attempts, scheduled_at, attempted_at, finalized_at,
       metadata, errors, unique_key, unique_states)
     VALUES ($1::text::${tables.jobState}, $2, $3, '{}', $4, $5,
       now() + $6 * interval '1 millisecond',
       now() + $7 * interval '1 millisecond',
       now() + $8 * interval '1 millisecond',
       $9::text::jsonb,
       (SELECT array_agg(jsonb_build_object('at', now(), 'attempt', n, 'error', 'boom', 'trace', '')) FROM generate_series(1, $10::int) n),
       CASE WHEN $11::text IS NULL THEN NULL ELSE sha256(convert_to($11::text, 'UTF8')) END,
       $12::text::bit(8))
     RETURNING id::text AS id`,
    [
      job.state,
      job.queue ?? "default",
      job.kind ?? "test_kind",
      job.attempt ?? 0,
      job.maxAttempts ?? 25,
      job.scheduledInMs ?? 0,
      job.attemptedInMs ?? null,
      job.finalizedInMs ?? null,
      JSON.stringify(job.metadata ?? {}),
      job.errorCount ?? 0,
      job.uniqueKey ?? null,
      job.uniqueStates ?? null,
    ],
  );
  return rows[0]!.id;
}

export interface StoredJob {
  id: string;
  state: string;
  scheduled_at: Date;
  finalized_at: Date | null;
  metadata: Record<string, unknown>;
  errors: { at: string; attempt: number; error: string; trace: string }[] | null;
}

/** Reads jobs back by id (absent ids are deleted jobs). */
export async function readJobs(pool: pg.Pool, tables: SchemaTables): Promise<Map<string, StoredJob>> {
  const { rows } = await pool.query<StoredJob>(
    `SELECT id::text AS id, state::text AS state, scheduled_at, finalized_at, metadata, errors FROM ${tables.job}`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Resolves once `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
