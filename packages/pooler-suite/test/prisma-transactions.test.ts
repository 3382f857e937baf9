// Prisma's interactive transactions behind PgBouncer (transaction mode): what maxWait and the 5 s timeout mean there.
import { PrismaPg } from "@prisma/adapter-pg";
import { Client, migrate } from "@tributary/core";
import { prismaDriver } from "@tributary/driver-prisma";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "../fixture/generated/client.js";
import { TRANSACTION_POOL_SIZE } from "./support/pooler-setup.js";
import { createSuiteSchema, type SuiteSchema } from "./support/suite-schema.js";

const poolerUrl = inject("poolerUrl");
const directUrl = inject("directUrl");

type PrismaTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Takes every server connection of the pooler (one open transaction each); resolves a release function. */
async function holdEveryServerConnection(): Promise<() => Promise<void>> {
  const holders = await Promise.all(
    Array.from({ length: TRANSACTION_POOL_SIZE }, async () => {
      const c = new pg.Client({ connectionString: poolerUrl });
      await c.connect();
      await c.query("BEGIN");
      await c.query("SELECT 1");
      return c;
    }),
  );
  return async () => {
    for (const c of holders) {
      await c.query("COMMIT");
      await c.end();
    }
  };
}

describe("Prisma interactive transactions through PgBouncer (transaction mode)", () => {
  let schema: SuiteSchema;
  let prisma: PrismaClient;
  let client: Client<PrismaTx>;

  beforeAll(async () => {
    schema = await createSuiteSchema(directUrl, "prisma_tx");
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: poolerUrl, max: 2 }) });
    const driver = prismaDriver(prisma, { listen: false });
    await migrate(driver, { schema: schema.name });
    client = new Client({ driver, schema: schema.name });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await schema?.drop();
  });

  const jobs = async () => (await schema.query(`SELECT 1 FROM "${schema.name}".river_job`)).length;

  it("an insertTx in prisma.$transaction commits with the model write through the pooler", async () => {
    const before = await jobs();
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO "${schema.name}".orders (customer) VALUES ('carol')`);
      await client.insertTx(tx, "receipt", { customer: "carol" });
    });
    expect(await jobs()).toBe(before + 1);
    expect(await schema.query(`SELECT 1 FROM "${schema.name}".orders WHERE customer = 'carol'`)).toHaveLength(1);
  });

  it("with every server connection busy, BEGIN waits in PgBouncer's queue and counts against maxWait (2 s default)", async () => {
    const waiting = new PrismaClient({ adapter: new PrismaPg({ connectionString: poolerUrl, max: 1 }) });
    const waitingClient = new Client({ driver: prismaDriver(waiting, { listen: false }), schema: schema.name });
    try {
      await waiting.$queryRawUnsafe("SELECT 1");
      const before = await jobs();
      const insert = (tx: PrismaTx) => waitingClient.insertTx(tx, "receipt", {});

      let release = await holdEveryServerConnection();
      const late = setTimeout(() => void release(), 3_000);
      await expect(waiting.$transaction(insert)).rejects.toMatchObject({
        code: "P2028",
        message: expect.stringMatching(/Unable to start a transaction in the given time/),
      });
      await new Promise((r) => setTimeout(r, 1_200));
      clearTimeout(late);
      expect(await jobs()).toBe(before);

      release = await holdEveryServerConnection();
      setTimeout(() => void release(), 3_000);
      await waiting.$transaction(insert, { maxWait: 10_000 });
      expect(await jobs()).toBe(before + 1);
    } finally {
      await waiting.$disconnect();
    }
  });

  // In transaction mode the transaction holds one of the pooler's few server connections from
  // BEGIN to COMMIT; Prisma's default 5 s timeout bounds that, and past it everything rolls back.
  it("the 5 s default timeout bounds how long a transaction holds a server connection: past it the insert rolls back", async () => {
    const before = await jobs();
    await expect(
      prisma.$transaction(async (tx) => {
        await client.insertTx(tx, "receipt", {});
        await new Promise((r) => setTimeout(r, 5_500));
      }),
    ).rejects.toMatchObject({ code: "P2028" });
    expect(await jobs()).toBe(before);
  });
});
