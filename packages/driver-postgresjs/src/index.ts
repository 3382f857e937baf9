export { postgresjsDriver, type PostgresjsDriverOptions } from "./postgresjs-driver.js";
export { PostgresjsListener } from "./postgresjs-listener.js";
export type {
  PostgresjsListenMetaLike,
  PostgresjsQueryableLike,
  PostgresjsSqlLike,
  PostgresjsTransactionLike,
} from "./postgresjs-types.js";
