import { isTributaryError } from "@tributary/core";
import { PgListener } from "@tributary/driver-pg";
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

async function invalidTransaction(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTributaryError(err, "INVALID_TRANSACTION"), `expected INVALID_TRANSACTION, got ${String(err)}`).toBe(true);
  return (err as Error).message;
}

describe("executor()", () => {
  it("returns rows of text, int4 and bool columns as strings, numbers and booleans", async () => {
    const driver = prismaDriver(fx.prisma);
    const rows = await driver
      .executor()
      .query("SELECT $1::text AS t, $2::int4 AS i, $3::bool AS b, $4::text AS n", ["héllo", 42, true, null]);
    expect(rows).toEqual([{ t: "héllo", i: 42, b: true, n: null }]);
    expect(await driver.executor().query("SELECT 1::int4 AS one WHERE false")).toEqual([]);
    expect(await driver.executor().query("SELECT current_schema() AS s")).toEqual([{ s: fx.schema.name }]);
  });

  it("runs writes outside any transaction and returns RETURNING rows", async () => {
    const driver = prismaDriver(fx.prisma);
    expect(await driver.executor().query(insertJob, ["a"])).toEqual([{ id: "1", kind: "a" }]);
    expect(await counts()).toEqual({ orders: 0, jobs: 1 });
  });

  it("lets Prisma's error through with its SQLSTATE readable by sqlStateOf", async () => {
    const driver = prismaDriver(fx.prisma);
    const err = await driver
      .executor()
      .query("SELECT * FROM no_such_table")
      .catch((e: unknown) => e);
    expect(sqlStateOf(err)).toBe("42P01");
  });
});

describe("unwrapTx()", () => {
  it("writes in the caller's interactive transaction: a commit keeps the order and the job", async () => {
    const driver = prismaDriver(fx.prisma);
    const job = await fx.prisma.$transaction(async (tx) => {
      const order = await tx.order.create({ data: { customer: "ada" } });
      const [row] = await driver.unwrapTx(tx).query<{ id: string; kind: string }>(insertJob, [`receipt:${order.id}`]);
      // Inside the transaction both rows are visible; outside, neither yet.
      expect(await tx.$queryRawUnsafe("SELECT count(*)::int4 AS n FROM jobs")).toEqual([{ n: 1 }]);
      expect(await counts()).toEqual({ orders: 0, jobs: 0 });
      return row;
    });
    expect(job).toEqual({ id: "1", kind: "receipt:1" });
    expect(await counts()).toEqual({ orders: 1, jobs: 1 });
  });

  it("rolls back the job with the order when the callback throws", async () => {
    const driver = prismaDriver(fx.prisma);
    const boom = new Error("payment declined");
    await expect(
      fx.prisma.$transaction(async (tx) => {
        await tx.order.create({ data: { customer: "ada" } });
        await driver.unwrapTx(tx).query(insertJob, ["send_receipt"]);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await counts()).toEqual({ orders: 0, jobs: 0 });
  });

  it("refuses the root PrismaClient passed as a transaction", async () => {
    const driver = prismaDriver(fx.prisma);
    const message = await invalidTransaction(Promise.resolve().then(() => driver.unwrapTx(fx.prisma)));
    expect(message).toMatch(/PrismaClient itself/);
    expect(message).toMatch(/prisma\.\$transaction/);
    expect(await counts()).toEqual({ orders: 0, jobs: 0 });
  });

  it("refuses values that are not Prisma clients", async () => {
    const driver = prismaDriver(fx.prisma);
    for (const bogus of [null, undefined, {}, "tx"]) {
      await invalidTransaction(Promise.resolve().then(() => driver.unwrapTx(bogus as never)));
    }
  });

  it("reports a transaction used after $transaction resolved as closed, and writes nothing", async () => {
    const driver = prismaDriver(fx.prisma);
    const leaked = await fx.prisma.$transaction(async (tx) => tx);
    const message = await invalidTransaction(driver.unwrapTx(leaked).query(insertJob, ["late"]));
    expect(message).toMatch(/already closed/);
    expect(await counts()).toEqual({ orders: 0, jobs: 0 });
  });

  it("reports a transaction past Prisma's timeout as expired", async () => {
    const driver = prismaDriver(fx.prisma);
    let message = "";
    await fx.prisma
      .$transaction(
        async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          message = await invalidTransaction(driver.unwrapTx(tx).query(insertJob, ["slow"]));
        },
        { timeout: 100 },
      )
      .catch(() => {});
    expect(message).toMatch(/expired/);
    expect(await counts()).toEqual({ orders: 0, jobs: 0 });
  });

  it("reports a transaction in which a statement already failed", async () => {
    const driver = prismaDriver(fx.prisma);
    let message = "";
    await fx.prisma
      .$transaction(async (tx) => {
        await tx.$queryRawUnsafe("SELECT 1 / 0").catch(() => {});
        message = await invalidTransaction(driver.unwrapTx(tx).query(insertJob, ["after-error"]));
      })
      .catch(() => {});
    expect(message).toMatch(/already failed/);
  });
});

describe("transaction()", () => {
  it("commits what fn wrote and returns fn's value", async () => {
    const driver = prismaDriver(fx.prisma);
    const result = await driver.transaction(async (ex) => {
      await ex.query(insertJob, ["a"]);
      await ex.query(insertJob, ["b"]);
      // Not visible outside until the commit.
      expect(await counts()).toEqual({ orders: 0, jobs: 0 });
      return ex.query<{ n: number }>("SELECT count(*)::int4 AS n FROM jobs");
    });
    expect(result).toEqual([{ n: 2 }]);
    expect(await counts()).toEqual({ orders: 0, jobs: 2 });
  });

  it("rolls back and rethrows fn's error", async () => {
    const driver = prismaDriver(fx.prisma);
    const boom = new Error("boom");
    await expect(
      driver.transaction(async (ex) => {
        await ex.query(insertJob, ["a"]);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await counts()).toEqual({ orders: 0, jobs: 0 });
  });

  it("honours transactionOptions: Prisma rolls back a transaction past its timeout", async () => {
    const driver = prismaDriver(fx.prisma, { transactionOptions: { timeout: 200 } });
    await expect(
      driver.transaction(async (ex) => {
        await ex.query("SELECT pg_sleep(0.4)::text");
        await ex.query(insertJob, ["too-late"]);
      }),
    ).rejects.toThrow();
    expect(await counts()).toEqual({ orders: 0, jobs: 0 });
  });
});

describe("listening", () => {
  it("has no listener by default: the client polls", () => {
    const driver = prismaDriver(fx.prisma);
    expect(driver.capabilities.listen).toBe(false);
    expect(driver.listener).toBeUndefined();
  });

  it("uses the listener factory it is given and hears NOTIFY sent through Prisma", async () => {
    const pool = new pg.Pool({ connectionString: fx.url, max: 1 });
    const driver = prismaDriver(fx.prisma, { listener: () => new PgListener(pool) });
    expect(driver.capabilities.listen).toBe(true);
    const listener = driver.listener!();
    try {
      let hear: (payload: string) => void = () => {};
      const heard = new Promise<string>((resolve) => {
        hear = resolve;
      });
      await listener.listen("tributary_prisma_test", (payload) => hear(payload));
      await driver.executor().query("SELECT pg_notify('tributary_prisma_test', 'hello')::text");
      await expect(heard).resolves.toBe("hello");
    } finally {
      await listener.close();
      await pool.end();
    }
  });
});
