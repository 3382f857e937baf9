// Prisma CLI configuration for the suite's fixture only (`prisma generate`, offline).
import { defineConfig } from "prisma/config";

// Every Prisma CLI command first downloads the schema engine, which only `db push` and
// `migrate` use; the suite creates its tables with SQL, so any existing file will do.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "fixture/schema.prisma",
});
