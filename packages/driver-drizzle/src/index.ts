export { drizzleDriver, type DrizzleDriverOptions } from "./drizzle-driver.js";
export type { DrizzleFlavor } from "./drizzle-session.js";
export type {
  DrizzleDatabaseLike,
  DrizzleTx,
  NodePgQueryableLike,
  PgliteLike,
  PostgresJsQueryableLike,
} from "./drizzle-types.js";
export { PgliteListener, type PgliteListenable } from "./pglite-listener.js";
