// Outcomes under faults the worker process survives: a row the database refuses must not cost its batch.
import { migrate } from "@tributary/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let ctx: PgTestContext;

beforeEach(async () => {
  ctx = await pgTestContext("outf");
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await ctx.close();
});

it("one poisoned row among 99 good ones: the 99 are recorded, the poisoned one stays running for the rescuer", async () => {
  const client = ctx.client({ logger: quiet, queues: { default: { maxWorkers: 100 } }, workers: { job: async () => {} } });
  const inserted = await client.insertMany(Array.from({ length: 100 }, (_, n) => ({ kind: "job", args: { n } })));
  const poisoned = inserted[37]!.job.id;
  // A user's trigger that refuses one row's completion, as a constraint would.
  await ctx.query(`CREATE FUNCTION $schema.refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.id = ${poisoned} AND NEW.state = 'completed' THEN
        RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`);
  await ctx.query("CREATE TRIGGER refuse_one BEFORE UPDATE ON $schema.river_job FOR EACH ROW EXECUTE FUNCTION $schema.refuse_one()");
  await client.start();
  const count = async (state: string) =>
    (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM $schema.river_job WHERE state = $1::text::$schema.river_job_state", [state]))[0]!.n;
  await waitFor("99 completed", async () => (await count("completed")) === 99, 10_000);
  await client.stop();
  expect(await count("completed")).toBe(99);
  const [left] = await ctx.query<{ id: string; state: string }>("SELECT id::text, state::text FROM $schema.river_job WHERE state <> 'completed'");
  expect(left).toEqual({ id: poisoned, state: "running" });
});
