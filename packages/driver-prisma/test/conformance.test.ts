// The driver conformance suite on driver-prisma: polling, and listening through a side pg.Pool.
import { PrismaPg } from "@prisma/adapter-pg";
import { type ConformanceTarget, runDriverConformance } from "@tributary/core/testing";
import { PgListener, pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { prismaDriver } from "../src/index.js";
import { type Prisma, PrismaClient } from "./fixture/generated/client.js";

/**
 * The driver as an application would build it: a generated PrismaClient on the PrismaPg
 * adapter, transactions through `prisma.$transaction(async (tx) => …)`. With `listen`, a small
 * side `pg.Pool` carries LISTEN (Prisma cannot); without it, the client polls.
 */
function prismaTarget(name: string, listen: boolean, viaPoolDriver = false): ConformanceTarget<Prisma.TransactionClient> {
  return {
    name,
    ...(listen ? {} : { noListener: "Prisma cannot LISTEN, and this target gives prismaDriver no listener option" }),
    async setup(databaseUrl) {
      const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
      const pool = listen ? new pg.Pool({ connectionString: databaseUrl, max: 2 }) : undefined;
      const driver = !pool
        ? prismaDriver(prisma)
        : viaPoolDriver
          ? prismaDriver(prisma, { poolDriver: pgDriver(pool) })
          : prismaDriver(prisma, { listener: () => new PgListener(pool) });
      return {
        driver,
        root: prisma,
        ...(pool ? { poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount }) } : {}),
        // A generous timeout: Prisma's 5 s default could expire on a loaded CI machine.
        inTransaction: (fn) => prisma.$transaction((tx) => fn(tx), { timeout: 30_000 }),
        async teardown() {
          await prisma.$disconnect();
          await pool?.end();
        },
      };
    },
  };
}

runDriverConformance(prismaTarget("prisma", false));
runDriverConformance(prismaTarget("prisma+pg-listener", true));
// Statements outside the caller's transactions through driver-pg (prepared); insertTx on Prisma's tx.
runDriverConformance(prismaTarget("prisma with poolDriver: pgDriver(pool)", true, true));
