// The test helpers every package shares: a PostgreSQL for the run, isolated schemas, waiting and assertions.
export { claimDir, isProcessAlive, sweepAbandonedDirs } from "./abandoned-dirs.js";
export { freePort, startEmbeddedPostgres, startTestDatabase, type TestDatabase } from "./database-url.js";
export { expectInvalidTransaction } from "./expect-invalid-transaction.js";
export {
  createIsolatedDatabase,
  createIsolatedSchema,
  testDatabaseUrl,
  uniqueSchemaName,
  urlWithSearchPath,
  type IsolatedSchema,
} from "./isolated-schema.js";
export { type PrivateCluster, startPrivateCluster } from "./private-cluster.js";
export { quietLogger } from "./quiet-logger.js";
export { waitFor } from "./wait-for.js";
