// What only driver-prisma does: model writes beside raw SQL, Prisma's errors and timeouts, its options.
import { Client, migrate } from "@tributary/core";
import { PgListener, pgDriver } from "@tributary/driver-pg";
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

describe("prismaDriver poolDriver", () => {
  it("runs inserts outside a transaction as prepared statements through the pool driver, insertTx on Prisma's tx", async () => {
    // One connection, so the prepared statements seen are those of the connection the insert used.
    const pool = new pg.Pool({ connectionString: fx.url, max: 1 });
    const prepared = async () =>
      (await pool.query("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'tributary\\_%'")).rows[0].n as number;
    try {
      const driver = prismaDriver(fx.prisma, { poolDriver: pgDriver(pool, { listen: false }) });
      expect(driver.name).toBe("prisma+pg");
      await migrate(driver, {});
      const client = new Client({ driver, middleware: [] });
      const before = await prepared();
      const { job } = await client.insert("email", { to: "a@example.com" });
      expect(await prepared()).toBeGreaterThan(before);
      await expect(
        fx.prisma.$transaction(async (tx) => {
          await client.insertTx(tx, "email", { to: "b@example.com" });
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      await client.stop();
      const { rows } = await pool.query("SELECT id::text FROM river_job ORDER BY id");
      expect(rows.map((r) => r.id)).toEqual([String(job.id)]);
    } finally {
      await pool.end();
    }
  });

  it("listens through the pool driver's listener unless given one or told not to, and refuses a non-driver", async () => {
    const pool = new pg.Pool({ connectionString: fx.url, max: 1 });
    try {
      const own = new PgListener(pool);
      expect(prismaDriver(fx.prisma, { poolDriver: pgDriver(pool) }).listener?.()).toBeInstanceOf(PgListener);
      expect(prismaDriver(fx.prisma, { poolDriver: pgDriver(pool), listener: () => own }).listener?.()).toBe(own);
      expect(prismaDriver(fx.prisma, { poolDriver: pgDriver(pool), listen: false }).listener).toBeUndefined();
      expect(() => prismaDriver(fx.prisma, { poolDriver: pool as never })).toThrow(
        expect.objectContaining({ code: "INVALID_ARGUMENT", field: "poolDriver", message: expect.stringContaining("pgDriver(pool)") }),
      );
    } finally {
      await pool.end();
    }
  });
});
