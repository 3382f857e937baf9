// Prisma CLI configuration: only `prisma generate` is used, for the bench's Prisma system.
import { defineConfig } from "prisma/config";

// Every Prisma CLI command first downloads the schema engine, which only `db push` and
// `migrate` use; pointing the CLI at any existing file lets `generate` run offline.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "prisma/schema.prisma",
});
