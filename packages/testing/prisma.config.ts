// Prisma CLI configuration for the example's generated client only: the helpers need no Prisma CLI.
import { defineConfig } from "prisma/config";

// Every Prisma CLI command first downloads the schema engine, which only `db push` and
// `migrate` use; pointing the CLI at any existing file lets `prisma generate` run offline.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "example/prisma/schema.prisma",
});
