import pg from "pg";
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
const db = "exp_cycle_" + Math.random().toString(36).slice(2, 8);
await admin.query(`CREATE DATABASE ${db}`);
const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}`, max: 4 });
const driver = pgDriver(pool);
await migrate(driver);
const json = `json_build_object('id', j.id::text, 'state', j.state, 'attempt', j.attempt, 'max_attempts', j.max_attempts,
 'attempted_at', j.attempted_at, 'attempted_by', j.attempted_by, 'created_at', j.created_at, 'finalized_at', j.finalized_at, 'scheduled_at', j.scheduled_at, 'priority', j.priority,
 'args', j.args, 'errors', j.errors, 'kind', j.kind, 'metadata', j.metadata, 'queue', j.queue, 'tags', j.tags, 'unique_key', encode(j.unique_key, 'hex'), 'unique_states', j.unique_states::text)::text`;
const B = 500;
const locked = `WITH locked AS (SELECT id FROM river_job WHERE state = 'available' AND queue = 'default' AND scheduled_at <= statement_timestamp()
 AND NOT EXISTS (SELECT 1 FROM river_queue WHERE name = 'default' AND paused_at IS NOT NULL)
 ORDER BY priority, scheduled_at, id LIMIT ${B} FOR UPDATE SKIP LOCKED)`;
const set = `state = 'running', attempt = j.attempt + 1, attempted_at = statement_timestamp(), attempted_by = (coalesce(j.attempted_by, '{}'::text[]) || 'x'::text)[greatest(cardinality(j.attempted_by) + 1 - 99, 1):]`;
const relaxed = `, (SELECT set_config('synchronous_commit', 'off', true)) AS r`;
const fetchReal = `${locked} UPDATE river_job j SET ${set} FROM locked${relaxed} WHERE j.id = locked.id RETURNING ${json} AS job, to_json(j.attempted_at) #>> '{}' AS attempted_at, j.id::text AS id, j.attempt, j.attempted_at::text AS at`;
const fetchBare = `${locked} UPDATE river_job j SET state = 'running', attempt = j.attempt + 1 FROM locked${relaxed} WHERE j.id = locked.id RETURNING j.id::text AS id, j.attempt, j.attempted_at::text AS at`;
const completeReal = `UPDATE river_job j SET state = 'completed', finalized_at = now(),
  metadata = CASE WHEN o.staged IS NULL THEN j.metadata ELSE j.metadata || o.staged::jsonb END
FROM unnest($1::text::bigint[], $2::text::int[], $3::text::text[], $4::text::text[]) AS o(id, attempt, attempted_at, staged)${relaxed}
WHERE j.id = o.id AND j.state = 'running' AND j.attempt = o.attempt AND j.attempted_at = o.attempted_at::timestamptz
RETURNING json_build_array(j.id::text, j.state, j.attempt, j.finalized_at, j.scheduled_at)::text AS r`;
const completeIdOnly = completeReal.replace(/RETURNING .*/, "RETURNING j.id");
const completeBare = `UPDATE river_job j SET state = 'completed', finalized_at = now() FROM (SELECT set_config('synchronous_commit', 'off', true)) AS r WHERE j.id = ANY($1::text::bigint[])`;
const lit = (a) => "{" + a.map((x) => (x === null ? "NULL" : `"${x}"`)).join(",") + "}";
async function load() {
  await pool.query("TRUNCATE river_job");
  const ins = new Client({ driver });
  for (let n = 0; n < 150_000; n += 5000) await ins.insertMany(Array.from({ length: 5000 }, (_, k) => ({ kind: "bench", args: { i: n + k } })));
  await ins.stop();
  await pool.query("VACUUM ANALYZE river_job");
}
async function cycle(label, fetch, complete) {
  await load();
  const c = await pool.connect();
  let tf = 0, tc = 0, n = 0;
  for (;;) {
    let t0 = performance.now();
    const { rows } = await c.query(fetch);
    tf += performance.now() - t0;
    if (rows.length === 0) break;
    n += rows.length;
    const ids = rows.map((r) => r.id), at = rows.map((r) => r.at), att = rows.map((r) => String(r.attempt));
    t0 = performance.now();
    await c.query(complete, complete.includes("$4") ? [lit(ids), lit(att), lit(at), lit(ids.map(() => null))] : [lit(ids)]);
    tc += performance.now() - t0;
  }
  c.release();
  console.log(label.padEnd(28), "fetch", ((tf * 1000) / n).toFixed(1), "us/job  complete", ((tc * 1000) / n).toFixed(1), "us/job  total", (((tf + tc) * 1000) / n).toFixed(1), " => ", Math.round(n / ((tf + tc) / 1000)), "jobs/s one conn");
}
const F2 = `${locked} UPDATE river_job j SET ${set} FROM locked${relaxed} WHERE j.id = locked.id RETURNING j.id::text AS id, j.attempt, j.attempted_at::text AS at`;
const F3 = `${locked} UPDATE river_job j SET state = 'running', attempt = j.attempt + 1, attempted_at = statement_timestamp() FROM locked${relaxed} WHERE j.id = locked.id RETURNING j.id::text AS id, j.attempt, j.attempted_at::text AS at`;
const setCase = `state = 'running', attempt = j.attempt + 1, attempted_at = statement_timestamp(), attempted_by = CASE WHEN j.attempted_by IS NULL THEN ARRAY['x'::text] WHEN cardinality(j.attempted_by) < 100 THEN array_append(j.attempted_by, 'x'::text) ELSE (j.attempted_by || 'x'::text)[cardinality(j.attempted_by) + 1 - 99:] END`;
const F5 = `${locked} UPDATE river_job j SET ${setCase} FROM locked${relaxed} WHERE j.id = locked.id RETURNING j.id::text AS id, j.attempt, j.attempted_at::text AS at`;
const F6 = `${locked} UPDATE river_job j SET ${setCase} FROM locked${relaxed} WHERE j.id = locked.id RETURNING ${json} AS job, j.id::text AS id, j.attempt, j.attempted_at::text AS at`;
const C2 = `UPDATE river_job j SET state = 'completed', finalized_at = now()
FROM unnest($1::text::bigint[], $2::text::int[], $3::text::text[], $4::text::text[]) AS o(id, attempt, attempted_at, staged)${relaxed}
WHERE j.id = o.id AND j.state = 'running' AND j.attempt = o.attempt AND j.attempted_at = o.attempted_at::timestamptz
RETURNING json_build_array(j.id::text, j.state, j.attempt, j.finalized_at, j.scheduled_at)::text AS r`;
const C5 = `UPDATE river_job j SET state = 'completed', finalized_at = now()
FROM unnest($1::text::bigint[], $2::text::int[], $3::text::timestamptz[], $4::text::text[]) AS o(id, attempt, attempted_at, staged)${relaxed}
WHERE j.id = o.id AND j.state = 'running' AND j.attempt = o.attempt AND j.attempted_at = o.attempted_at
RETURNING j.id::text, j.finalized_at`;
const ret = (r) => `${locked} UPDATE river_job j SET ${set} FROM locked${relaxed} WHERE j.id = locked.id RETURNING ${r}, j.id::text AS id, j.attempt, j.attempted_at::text AS at`;
const J1 = `json_build_object('id', j.id::text, 'state', j.state::text, 'attempt', j.attempt, 'max_attempts', j.max_attempts,
 'attempted_at', j.attempted_at, 'attempted_by', j.attempted_by, 'created_at', j.created_at, 'finalized_at', j.finalized_at, 'scheduled_at', j.scheduled_at, 'priority', j.priority,
 'args', j.args, 'errors', j.errors, 'kind', j.kind, 'metadata', j.metadata, 'queue', j.queue, 'tags', j.tags, 'unique_key', encode(j.unique_key, 'hex'), 'unique_states', j.unique_states::text)::text AS job`;
const J2 = `j.state::text AS state, j.max_attempts, to_json(j.attempted_at)::text AS attempted_at_j, to_json(j.attempted_by)::text AS attempted_by, to_json(j.created_at)::text AS created_at, to_json(j.finalized_at)::text AS finalized_at, to_json(j.scheduled_at)::text AS scheduled_at, j.priority, j.args::text AS args, to_json(j.errors)::text AS errors, j.kind, j.metadata::text AS metadata, j.queue, to_json(j.tags)::text AS tags, encode(j.unique_key, 'hex') AS unique_key, j.unique_states::text AS unique_states`;
const J3 = `row_to_json(j)::text AS job`;
const J4 = `json_build_array(j.id::text, j.state::text, j.attempt, j.max_attempts, j.attempted_at, j.attempted_by, j.created_at, j.finalized_at, j.scheduled_at, j.priority, j.args, j.errors, j.kind, j.metadata, j.queue, j.tags, encode(j.unique_key, 'hex'), j.unique_states::text)::text AS job`;
const J5 = `j.state::text AS state, j.max_attempts, j.attempted_at::text AS attempted_at_j, j.attempted_by, j.created_at::text AS created_at, j.finalized_at::text, j.scheduled_at::text, j.priority, j.args::text AS args, j.errors::text AS errors, j.kind, j.metadata::text AS metadata, j.queue, j.tags::text, encode(j.unique_key, 'hex') AS unique_key, j.unique_states::text AS unique_states`;
const J6 = `json_build_object('id', j.id::text, 'state', j.state::text, 'attempt', j.attempt, 'max_attempts', j.max_attempts,
 'attempted_at', j.attempted_at, 'attempted_by', j.attempted_by, 'created_at', j.created_at, 'finalized_at', j.finalized_at, 'scheduled_at', j.scheduled_at, 'priority', j.priority,
 'args', j.args::text, 'errors', j.errors, 'kind', j.kind, 'metadata', j.metadata::text, 'queue', j.queue, 'tags', j.tags, 'unique_key', encode(j.unique_key, 'hex'), 'unique_states', j.unique_states::text)::text AS job`;
async function alternateC(variants) {
  await load();
  const c = await pool.connect();
  const t = Object.fromEntries(Object.keys(variants).map((k) => [k, { ms: 0, n: 0 }]));
  const names = Object.keys(variants);
  for (let k = 0; ; k++) {
    const name = names[k % names.length];
    const { rows } = await c.query(F2);
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id), at = rows.map((r) => r.at), att = rows.map((r) => String(r.attempt));
    const t0 = performance.now();
    const v = variants[name];
    await c.query(v, v.includes("$4") ? [lit(ids), lit(att), lit(at), lit(ids.map(() => null))] : v.includes("$3") ? [lit(ids), lit(att), lit(at)] : [lit(ids)]);
    t[name].ms += performance.now() - t0;
    t[name].n += rows.length;
  }
  c.release();
  for (const [k, v] of Object.entries(t)) console.log(k.padEnd(24), ((v.ms * 1000) / v.n).toFixed(1), "us/job");
}
const C6 = `WITH done AS (UPDATE river_job j SET state = 'completed', finalized_at = now()
FROM unnest($1::text::bigint[], $2::text::int[], $3::text::timestamptz[]) AS o(id, attempt, attempted_at)${relaxed}
WHERE j.id = o.id AND j.state = 'running' AND j.attempt = o.attempt AND j.attempted_at = o.attempted_at
RETURNING j.id) SELECT string_agg(id::text, ',') AS ids, to_json(now()) #>> '{}' AS at FROM done`;
const C7 = `WITH done AS (UPDATE river_job j SET state = 'completed', finalized_at = now()
FROM unnest($1::text::bigint[], $2::text::int[], $3::text::text[]) AS o(id, attempt, attempted_at)${relaxed}
WHERE j.id = o.id AND j.state = 'running' AND j.attempt = o.attempt AND j.attempted_at = o.attempted_at::timestamptz
RETURNING j.id) SELECT string_agg(id::text, ',') AS ids, to_json(now()) #>> '{}' AS at FROM done`;
for (let rep = 0; rep < 3; rep++) {
  await alternateC({ C1: completeReal, C2noMeta: C2, C5tstz: C5, C6agg: C6, C7aggText: C7, bare: completeBare });
}
await pool.end();
await admin.query(`DROP DATABASE ${db}`);
await admin.end();
