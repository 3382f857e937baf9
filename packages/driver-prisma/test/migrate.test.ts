import { migrate, migrationSqlFiles } from "@tributary/core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { prismaDriver } from "../src/index.js";
import { createPrismaFixture, type PrismaFixture } from "./support/prisma-fixture.js";

let fx: PrismaFixture;

beforeEach(async () => {
  fx = await createPrismaFixture();
});

afterEach(async () => {
  await fx.close();
});

it("migrate() builds River's schema through Prisma, once", async () => {
  const driver = prismaDriver(fx.prisma);
  const first = await migrate(driver, { logger: silent });
  expect(first.applied.length).toBeGreaterThan(0);
  const again = await migrate(driver, { logger: silent });
  expect(again).toEqual({ applied: [], version: first.version });
  const tables = await fx.prisma.$queryRawUnsafe<{ name: string }[]>(
    "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
  );
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["orders", "river_job", "river_migration"]));
});

it("the SQL of migrationSqlFiles() runs as Prisma migration files would (one $executeRawUnsafe each)", async () => {
  // `prisma migrate deploy` sends each migration.sql as one multi-statement script in its own
  // transaction; $executeRawUnsafe without parameters does the same.
  for (const file of migrationSqlFiles()) {
    await fx.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(file.sql);
    });
  }
  const again = await migrate(prismaDriver(fx.prisma), { logger: silent });
  expect(again.applied).toEqual([]);
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };
