export { pgDriver, type PgDriverOptions } from "./pg-driver.js";
export { PgListener } from "./pg-listener.js";
export type { PgClientLike, PgPoolClientLike, PgPoolLike } from "./pg-types.js";
