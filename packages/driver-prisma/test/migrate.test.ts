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

async function tables(): Promise<string[]> {
  const rows = await fx.prisma.$queryRawUnsafe<{ name: string }[]>(
    "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
  );
  return rows.map((t) => t.name);
}

async function versions(): Promise<number[]> {
  const rows = await fx.prisma.$queryRawUnsafe<{ version: number }[]>("SELECT version::int AS version FROM river_migration ORDER BY version");
  return rows.map((r) => r.version);
}

it("migrate() builds River's schema through Prisma, once", async () => {
  const driver = prismaDriver(fx.prisma);
  const first = await migrate(driver, { logger: silent });
  expect(first).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7], version: 7 });
  const again = await migrate(driver, { logger: silent });
  expect(again).toEqual({ applied: [], version: 7 });
  expect(await tables()).toEqual(["orders", "river_job", "river_leader", "river_migration", "river_notification", "river_queue"]);
});

it("migrate() goes to 8 and back down through Prisma's transactions, refusing to drop jobs unless forced", async () => {
  const driver = prismaDriver(fx.prisma);
  expect(await migrate(driver, { targetVersion: 8, logger: silent })).toEqual({ applied: [1, 2, 3, 4, 5, 6, 7, 8], version: 8 });
  expect(await versions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(await migrate(driver, { targetVersion: 4, direction: "down", logger: silent })).toEqual({ applied: [8, 7, 6, 5], version: 4 });
  // Back in River's first river_migration shape (no line column), as River's own down from 5 leaves it.
  expect(await versions()).toEqual([1, 2, 3, 4]);
  expect(await tables()).toEqual(["orders", "river_job", "river_leader", "river_migration", "river_queue"]);

  await fx.prisma.$executeRawUnsafe("INSERT INTO river_job (kind, args, max_attempts) VALUES ('k', '{}', 3)");
  await expect(migrate(driver, { targetVersion: 0, direction: "down", logger: silent })).rejects.toMatchObject({
    code: "MIGRATION_DOWN_REFUSED",
  });
  expect(await versions()).toEqual([1, 2, 3, 4]);
  expect(await migrate(driver, { targetVersion: 0, direction: "down", force: true, logger: silent })).toEqual({
    applied: [4, 3, 2, 1],
    version: 0,
  });
  expect(await tables()).toEqual(["orders"]);
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
  for (const file of migrationSqlFiles({ fromVersion: 7, toVersion: 0 })) {
    await fx.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(file.sql);
    });
  }
  expect(await tables()).toEqual(["orders"]);
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };
