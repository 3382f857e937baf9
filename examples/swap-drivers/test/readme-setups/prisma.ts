// driver-prisma's README set-up, verbatim between the markers, run through a server restart.
import { PrismaPg } from "@prisma/adapter-pg";
import { prismaDriver } from "@tributary/driver-prisma";
import { PrismaClient } from "../../generated/prisma/client.js";
import { runThroughRestart } from "./through-restart.js";

// README:begin
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });
// README:end

await runThroughRestart({
  driver: prismaDriver(prisma),
  transaction: async (work) => void (await prisma.$transaction(work)),
  close: () => prisma.$disconnect(),
});
