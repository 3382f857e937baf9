// Prisma CLI configuration: only `prisma generate` is used (the example creates its tables with SQL).
import { defineConfig } from "prisma/config";

// Every Prisma CLI command first downloads the schema engine, which only `db push` and
// `migrate` use; pointing the CLI at any existing file lets `prisma generate` run offline.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "prisma/schema.prisma",
});
