export { freePort, startEmbeddedPostgres, startTestDatabase, type TestDatabase } from "./database-url.js";
export {
  createIsolatedDatabase,
  createIsolatedSchema,
  testDatabaseUrl,
  uniqueSchemaName,
  urlWithSearchPath,
  type IsolatedSchema,
} from "./isolated-schema.js";
