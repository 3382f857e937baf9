// Type tests of typed jobs (run by `pnpm test` through vitest --typecheck, and by `pnpm typecheck`).
import * as v from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { Client, type Driver, defineJob, defineWorker, type InsertManyParams, type JobRow, workersFor } from "../src/index.js";

interface AppTx {
  readonly appTx: true;
}
declare const driver: Driver<AppTx>;
declare const tx: AppTx;

const sendEmail = defineJob({ kind: "send_email", schema: z.object({ to: z.string(), at: z.coerce.date() }), defaults: { queue: "mail" } });
const resize = defineJob({ kind: "resize_image", schema: v.object({ width: v.pipe(v.number(), v.integer()) }) });
const legacy = defineJob<{ orderId: string }>("send_receipt");

describe("defineJob", () => {
  it("types the producer by the schema's input and the worker by its output", () => {
    expectTypeOf(sendEmail.kind).toEqualTypeOf<"send_email">();
    expectTypeOf<NonNullable<typeof sendEmail.__args>>().toEqualTypeOf<{ to: string; at: unknown }>();
    expectTypeOf<NonNullable<typeof sendEmail.__output>>().toEqualTypeOf<{ to: string; at: Date }>();
    expectTypeOf<NonNullable<typeof resize.__args>>().toEqualTypeOf<{ width: number }>();
    expectTypeOf<NonNullable<typeof legacy.__args>>().toEqualTypeOf<{ orderId: string }>();
  });
});

describe("typed inserts", () => {
  const client = new Client({ driver });

  it("accept the schema's input and refuse anything else", async () => {
    await client.insert(sendEmail, { to: "a@example.com", at: "2026-12-01" });
    await client.insertTx(tx, resize, { width: 100 });
    await client.insert(legacy, { orderId: "o1" });
    // @ts-expect-error `to` must be a string
    await client.insert(sendEmail, { to: 1, at: "2026-12-01" });
    // @ts-expect-error `width` is required
    await client.insertTx(tx, resize, {});
    // @ts-expect-error `orderId` must be a string
    await client.insert(legacy, { orderId: 1 });
  });

  it("type insertMany's { job, args } elements one by one", async () => {
    await client.insertMany([
      { job: sendEmail, args: { to: "a@example.com", at: 0 } },
      { job: resize, args: { width: 1 }, opts: { priority: 2 } },
      { kind: "anything", args: { free: true } },
    ]);
    // @ts-expect-error `width` must be a number
    await client.insertManyTx(tx, [{ job: resize, args: { width: "1" } }]);
    // Arrays built beforehand keep working.
    const built: InsertManyParams[] = [{ kind: "a_kind", args: {} }];
    await client.insertMany(built);
    await client.insertMany([...built, { job: resize, args: { width: 2 } }]);
  });
});

describe("typed workers", () => {
  it("give the handler the schema's output and a typed ctx.client", () => {
    defineWorker(sendEmail, async (job, ctx) => {
      expectTypeOf(job).toEqualTypeOf<JobRow<{ to: string; at: Date }>>();
      expectTypeOf(job.args.to).toEqualTypeOf<string>();
      // @ts-expect-error no such field
      job.args.too;
      expectTypeOf(ctx.client).toEqualTypeOf<Client>();
      await ctx.client.insert(resize, { width: 1 });
    });
    const { defineWorker: defineAppWorker } = workersFor(driver);
    defineAppWorker(resize, async (job, ctx) => {
      expectTypeOf(job.args.width).toEqualTypeOf<number>();
      await ctx.client.completeTx(tx, job);
      // @ts-expect-error not the driver's transaction type
      await ctx.client.completeTx({ other: true }, job);
    }, { jobTimeout: 1_000, discardOnInvalidArgs: true });
  });

  it("make the kinds of a worker list the kinds a string insert may name", async () => {
    const client = new Client({
      driver,
      queues: { default: { maxWorkers: 1 } },
      workers: [defineWorker(sendEmail, async () => {}), workersFor(driver).defineWorker(resize, async () => {})],
    });
    expectTypeOf(client).toEqualTypeOf<Client<AppTx, "send_email" | "resize_image">>();
    await client.insert("send_email", { to: "a@example.com", at: 0 });
    // @ts-expect-error a misspelled kind: no worker in the list handles it
    await client.insert("send_emial", { to: "a@example.com" });
    // @ts-expect-error a misspelled kind in insertMany
    await client.insertMany([{ kind: "resize_imag", args: {} }]);
  });

  it("type a periodic job added with a definition by its schema's input", () => {
    const client = new Client({ driver, queues: { default: { maxWorkers: 1 } }, workers: [defineWorker(resize, async () => {})] });
    client.periodicJobs.add({ every: 60_000, kind: resize, args: { width: 3 } });
    // @ts-expect-error `width` must be a number
    client.periodicJobs.add({ every: 60_000, kind: resize, args: { width: "3" } });
  });

  it("keep the record form, with ctx.client typed by the driver", () => {
    new Client({
      driver,
      queues: { default: { maxWorkers: 1 } },
      workers: {
        send_receipt: async (job, ctx) => {
          await ctx.client.completeTx(tx, job);
        },
      },
    });
  });
});
