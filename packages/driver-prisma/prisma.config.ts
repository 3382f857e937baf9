// Prisma CLI configuration for the test fixture only: the driver itself needs no Prisma CLI.
import { defineConfig } from "prisma/config";

// Every Prisma CLI command first downloads the schema engine, which only `db push` and
// `migrate` use. The tests create their tables with SQL, so pointing the CLI at any existing
// file lets `prisma generate` run offline (a clean clone, CI without internet access).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "test/fixture/schema.prisma",
});
