// Prisma 7 on @prisma/adapter-pg: the transaction is the `tx` of `prisma.$transaction`.
import { PrismaPg } from "@prisma/adapter-pg";
import { prismaDriver } from "@tributary/driver-prisma";
import { PrismaClient } from "../generated/prisma/client.js";
import { exampleTarget, runExample } from "./run-example.js";

const target = exampleTarget("prisma");
// The adapter's `schema` places model queries; raw SQL follows the URL's search_path.
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url }, { schema: target.schema }) });

await runExample({
  ...target,
  driver: prismaDriver(prisma),
  shop: {
    transaction: (work) => prisma.$transaction(work),
    insertOrder: async (tx, order) => (await tx.order.create({ data: order })).id,
    orderIds: async () => (await prisma.order.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id),
  },
  close: () => prisma.$disconnect(),
});
