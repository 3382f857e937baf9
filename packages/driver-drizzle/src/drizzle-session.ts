import type { DrizzleSessionLike } from "./drizzle-types.js";

/**
 * Drizzle tags every class with a static under this registered symbol (drizzle-orm's
 * `entityKind`); `Symbol.for` gives the same symbol without importing drizzle-orm.
 */
const ENTITY_KIND = Symbol.for("drizzle:entityKind");

/** The database client a Drizzle database runs on. */
export type DrizzleFlavor = "node-postgres" | "postgres.js" | "pglite";

const FLAVOR_BY_SESSION_KIND: Readonly<Record<string, DrizzleFlavor>> = {
  NodePgSession: "node-postgres",
  PostgresJsSession: "postgres.js",
  PgliteSession: "pglite",
};

/** What the driver learns about a Drizzle database or transaction object. */
export interface DrizzleSessionInfo {
  /** Undefined when the session is of a Drizzle driver Tributary does not support. */
  flavor: DrizzleFlavor | undefined;
  /** The session's class name, e.g. `"NodePgSession"` (for error messages). */
  sessionKind: string | undefined;
  /** The pool, connection or library transaction the session runs SQL on. */
  client: unknown;
  /** True for the `tx` given by `db.transaction` (at any nesting depth). */
  isTransaction: boolean;
  /** True for a Drizzle PostgreSQL database or transaction. */
  isDrizzle: boolean;
}

/** The entity kinds of `value`'s class and every class it extends, most specific first. */
function entityKinds(value: object): string[] {
  const kinds: string[] = [];
  let ctor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
  while (typeof ctor === "function") {
    const kind = (ctor as unknown as Record<symbol, unknown>)[ENTITY_KIND];
    if (typeof kind === "string" && kinds.at(-1) !== kind) kinds.push(kind);
    ctor = Object.getPrototypeOf(ctor);
  }
  return kinds;
}

function sessionOf(value: object): DrizzleSessionLike | undefined {
  const session =
    (value as { _?: { session?: unknown } })._?.session ?? (value as { session?: unknown }).session;
  return typeof session === "object" && session !== null ? (session as DrizzleSessionLike) : undefined;
}

/** Reads which client a Drizzle database or transaction runs on, and whether it is a transaction. */
export function inspectDrizzle(value: object): DrizzleSessionInfo {
  const kinds = entityKinds(value);
  const session = sessionOf(value);
  const sessionKind = session ? entityKinds(session)[0] : undefined;
  return {
    flavor: sessionKind === undefined ? undefined : FLAVOR_BY_SESSION_KIND[sessionKind],
    sessionKind,
    client: session?.client,
    isTransaction: kinds.includes("PgTransaction"),
    isDrizzle: kinds.includes("PgDatabase"),
  };
}
