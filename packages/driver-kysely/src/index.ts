export { kyselyDriver, type KyselyDriverOptions } from "./kysely-driver.js";
export type {
  KyselyCompiledQueryLike,
  KyselyLike,
  KyselyQueryableLike,
  KyselyQueryResultLike,
  KyselyRawNodeLike,
  KyselyTransactionLike,
} from "./kysely-types.js";
