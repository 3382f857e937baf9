import { PrismaPg } from "@prisma/adapter-pg";
import type { DriverTx } from "@tributary/core";
import { describe, expectTypeOf, it } from "vitest";
import { prismaDriver } from "../src/index.js";
import { type Prisma, PrismaClient } from "./fixture/generated/client.js";

describe("prismaDriver's transaction type", () => {
  // Built but never connected: these tests only look at types.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgres://unused@127.0.0.1:1/none" }) });

  it("is the interactive-transaction client of the generated PrismaClient", () => {
    const driver = prismaDriver(prisma);
    expectTypeOf<DriverTx<typeof driver>>().toEqualTypeOf<Prisma.TransactionClient>();
    // What an application writes: the `tx` of its own $transaction callback is accepted as is.
    const enqueue = () => prisma.$transaction(async (tx) => driver.unwrapTx(tx));
    expectTypeOf(enqueue).toBeFunction();
  });

  it("carries $extends extensions", () => {
    const extended = prisma.$extends({ model: { order: { hello: () => "hi" as const } } });
    const driver = prismaDriver(extended);
    type Tx = DriverTx<typeof driver>;
    expectTypeOf<Tx["order"]["hello"]>().returns.toEqualTypeOf<"hi">();
  });
});
