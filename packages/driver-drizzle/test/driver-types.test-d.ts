import type { DriverTx } from "@tributary/core";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { describe, expectTypeOf, it } from "vitest";
import type { DrizzleDatabaseLike, drizzleDriver } from "../src/index.js";

/** The `tx` that `db.transaction(async (tx) => …)` hands the callback, read independently of the driver. */
type CallbackTx<TDb> = TDb extends { transaction(fn: (tx: infer Tx) => Promise<unknown>, config?: never): unknown }
  ? Tx
  : never;

type DriverOn<TDb extends DrizzleDatabaseLike> = ReturnType<typeof drizzleDriver<TDb>>;

// Checked by `tsc` (pnpm typecheck): the driver's transaction type is exactly the user's `tx`.
describe("drizzleDriver's transaction type", () => {
  it("is the tx of the database it was built on", () => {
    const schema = { orders: {} as never };
    type WithSchema = NodePgDatabase<typeof schema>;
    expectTypeOf<DriverTx<DriverOn<NodePgDatabase>>>().toEqualTypeOf<CallbackTx<NodePgDatabase>>();
    expectTypeOf<DriverTx<DriverOn<WithSchema>>>().toEqualTypeOf<CallbackTx<WithSchema>>();
    expectTypeOf<DriverTx<DriverOn<PostgresJsDatabase>>>().toEqualTypeOf<CallbackTx<PostgresJsDatabase>>();
    expectTypeOf<DriverTx<DriverOn<PgliteDatabase>>>().toEqualTypeOf<CallbackTx<PgliteDatabase>>();
    expectTypeOf<CallbackTx<NodePgDatabase>>().not.toBeNever();
    expectTypeOf<DriverTx<DriverOn<NodePgDatabase>>>().not.toEqualTypeOf<NodePgDatabase>();
  });
});
