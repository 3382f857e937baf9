export { prismaDriver, type PrismaDriverOptions } from "./prisma-driver.js";
export { sqlStateOf } from "./prisma-error.js";
export type {
  PrismaClientLike,
  PrismaTransactionClientLike,
  PrismaTransactionClientOf,
  PrismaTransactionOptions,
} from "./prisma-types.js";
