// Prisma's interactive transactions behind PgBouncer (transaction mode): what maxWait and the 5 s timeout mean there.
import { PrismaPg } from "@prisma/adapter-pg";
import { Client, migrate } from "@tributary/core";
import { prismaDriver } from "@tributary/driver-prisma";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "../fixture/generated/client.js";
import { createSuiteSchema, type SuiteSchema } from "./support/suite-schema.js";

const poolerUrl = inject("poolerUrl");
const directUrl = inject("directUrl");

describe("Prisma interactive transactions through PgBouncer (transaction mode)", () => {
  let schema: SuiteSchema;
  let prisma: PrismaClient;
  let client: Client<Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0]>;

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
