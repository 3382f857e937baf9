// A/B of single client.insert per driver (pg, pg without prepare, Kysely, Kysely with poolDriver), one process, alternating rounds: node scripts/ab-single-insert.mjs
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { kyselyDriver } from "@tributary/driver-kysely";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const admin = new pg.Pool({ connectionString: url, max: 1 });
const schema = `perf2_${process.pid}`;
await admin.query(`CREATE SCHEMA ${schema}`);
const mk = () => new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
const systems = {};
const pp = mk(); systems.pg = pgDriver(pp, { listen: false });
const pn = mk(); systems.pgNoPrep = pgDriver(pn, { listen: false, prepare: false });
const kp = mk(); const db = new Kysely({ dialect: new PostgresDialect({ pool: kp }) }); systems.kysely = kyselyDriver(db);
const kp2 = mk(); const db2 = new Kysely({ dialect: new PostgresDialect({ pool: kp2 }) }); systems.kyselyPool = kyselyDriver(db2, { poolDriver: pgDriver(kp2, { listen: false }) });
await migrate(systems.pg, {});
const only = process.env.ONLY?.split(",");
const clients = Object.fromEntries(Object.entries(systems).filter(([k]) => !only || only.includes(k)).map(([k, d]) => [k, new Client({ driver: d, middleware: [] })]));
const N = Number(process.env.N ?? 1500), ROUNDS = Number(process.env.ROUNDS ?? 5);
const cpu = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
const res = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
for (const c of Object.values(clients)) for (let i = 0; i < 200; i++) await c.insert("bench", { i });
for (let r = 0; r < ROUNDS; r++) for (const [k, c] of Object.entries(clients)) {
  const t = performance.now(); const cu = process.cpuUsage();
  for (let i = 0; i < N; i++) await c.insert("bench", { i });
  const u = process.cpuUsage(cu);
  res[k].push(Math.round(N / ((performance.now() - t) / 1000)));
  cpu[k].push(Math.round((u.user + u.system) / N));
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(10), "median", med(v), "jobs/s", JSON.stringify(v), "cpu µs/insert", med(cpu[k]));
for (const c of Object.values(clients)) await c.stop?.();
await db.destroy(); await db2.destroy(); await pp.end(); await pn.end();
await admin.query(`DROP SCHEMA ${schema} CASCADE`); await admin.end();
