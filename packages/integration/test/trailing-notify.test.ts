// A notification the per-queue window held back for a caller's transaction never arrives before that commit.
import { Client, listenSql, migrate } from "@tributary/core";
import type pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type PgTestContext, pgTestContext } from "./support/pg-fixture.js";
import { waitFor } from "./support/wait-for.js";

let ctx: PgTestContext;
beforeEach(async () => {
  ctx = await pgTestContext("trail");
  await migrate(ctx.driver, { schema: ctx.schema.name });
});
afterEach(async () => {
  await ctx.close();
});

it("the trailing notification of a held-back insertTx waits for the caller's commit", async () => {
  const listener = await ctx.pool.connect();
  const arrivals: number[] = [];
  listener.on("notification", () => arrivals.push(performance.now()));
  await listener.query(listenSql(`${ctx.schema.name}.river_insert`));
  const client = new Client<pg.PoolClient>({ driver: ctx.driver, schema: ctx.schema.name, insertNotifyWindow: 20 });
  const first = await ctx.pool.connect();
  const second = await ctx.pool.connect();
  try {
    await first.query("BEGIN");
    await client.insertTx(first, "a", {}); // notifies (first of its window), on first's commit
    await first.query("COMMIT");
    await second.query("BEGIN");
    await client.insertTx(second, "b", {}); // inside the window: held back
    // The window closes after 20 ms; the caller commits much later.
    await new Promise((r) => setTimeout(r, 300));
    const committedAt = performance.now();
    await second.query("COMMIT");
    await waitFor("the trailing notification", async () => arrivals.length === 2, 5_000);
    expect(arrivals[1]!).toBeGreaterThanOrEqual(committedAt);
  } finally {
    first.release();
    second.release();
    listener.release();
    await client.stop();
  }
});
