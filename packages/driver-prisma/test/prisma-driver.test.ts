// What only driver-prisma does: model writes beside raw SQL, Prisma's errors and timeouts, its options.
import { PgListener } from "@tributary/driver-pg";
import { expectInvalidTransaction } from "@tributary/test-db";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prismaDriver, sqlStateOf } from "../src/index.js";
import { createPrismaFixture, type PrismaFixture } from "./support/prisma-fixture.js";

let fx: PrismaFixture;

beforeEach(async () => {
  fx = await createPrismaFixture();
  // Stands in for Tributary's own table: what the driver writes next to the business rows.
  await fx.prisma.$executeRawUnsafe("CREATE TABLE jobs (id bigserial PRIMARY KEY, kind text NOT NULL)");
});

afterEach(async () => {
  await fx.close();
});

const insertJob = "INSERT INTO jobs (kind) VALUES ($1) RETURNING id::text AS id, kind";

async function counts(): Promise<{ orders: number; jobs: number }> {
  const [row] = await fx.prisma.$queryRawUnsafe<{ orders: number; jobs: number }[]>(
    "SELECT (SELECT count(*) FROM orders)::int4 AS orders, (SELECT count(*) FROM jobs)::int4 AS jobs",
  );
  return row!;
}

describe("prismaDriver", () => {
  it("lets Prisma's error through with its SQLSTATE readable by sqlStateOf", async () => {
    const driver = prismaDriver(fx.prisma);
    const err = await driver
      .executor()
      .query("SELECT * FROM no_such_table")
      .catch((e: unknown) => e);
    expect(sqlStateOf(err)).toBe("42P01");
  });

  it("commits the job with a model write of the same $transaction, and rolls both back together", async () => {
    const driver = prismaDriver(fx.prisma);
    await fx.prisma.$transaction(async (tx) => {
      const order = await tx.order.create({ data: { customer: "ada" } });
      await driver.unwrapTx(tx).query(insertJob, [`receipt:${order.id}`]);
    });
    const boom = new Error("payment declined");
    await expect(
      fx.prisma.$transaction(async (tx) => {
        await tx.order.create({ data: { customer: "bob" } });
        await driver.unwrapTx(tx).query(insertJob, ["send_receipt"]);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await counts()).toEqual({ orders: 1, jobs: 1 });
  });

  it("reports a transaction past Prisma's timeout as expired, and writes nothing", async () => {
    const driver = prismaDriver(fx.prisma);
    let refused: Error | undefined;
    await fx.prisma
      .$transaction(
        async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          refused = await expectInvalidTransaction(() => driver.unwrapTx(tx).query(insertJob, ["slow"]));
        },
        { timeout: 100 },
      )
      .catch(() => {});
    expect(refused?.message).toMatch(/expired/);
    expect(await counts()).toEqual({ orders: 0, jobs: 0 });
  });

  it("honours transactionOptions: Prisma rolls back its own transaction past its timeout", async () => {
    const driver = prismaDriver(fx.prisma, { transactionOptions: { timeout: 200 } });
    await expect(
      driver.transaction(async (ex) => {
        await ex.query("SELECT pg_sleep(0.4)::text");
        await ex.query(insertJob, ["too-late"]);
      }),
    ).rejects.toThrow();
    expect(await counts()).toEqual({ orders: 0, jobs: 0 });
  });

  it("has no listener by default, uses the factory it is given, and none with listen: false", async () => {
    const pool = new pg.Pool({ connectionString: fx.url, max: 1 });
    try {
      const listener = new PgListener(pool);
      expect(prismaDriver(fx.prisma).listener).toBeUndefined();
      expect(prismaDriver(fx.prisma, { listener: () => listener }).listener?.()).toBe(listener);
      expect(prismaDriver(fx.prisma, { listen: false, listener: () => listener }).listener).toBeUndefined();
    } finally {
      await pool.end();
    }
  });
});
