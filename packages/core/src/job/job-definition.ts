/** A job kind declared once with its args type and default insert options. */
import { InvalidArgumentError } from "../base/errors.js";
import type { InsertOpts } from "./insert-opts.js";

/** A job kind with its args type and default insert options: `defineJob<{ to: string }>("send_email")`. */
export interface JobDefinition<TArgs extends object> {
  readonly kind: string;
  readonly defaults: Readonly<InsertOpts>;
  /** Phantom field carrying the args type; never set. */
  readonly __args?: TArgs;
}

/** Declares a job kind once, so inserts are typed: `client.insert(sendEmail, { to })`. */
export function defineJob<TArgs extends object>(kind: string, defaults: InsertOpts = {}): JobDefinition<TArgs> {
  if (typeof kind !== "string" || kind.length === 0) throw new InvalidArgumentError("kind", "must be a non-empty string");
  return Object.freeze({ kind, defaults: Object.freeze({ ...defaults }) });
}

/** Resolves a string kind or a JobDefinition into a kind and merged options. */
export function resolveKind(kindOrDef: string | JobDefinition<object>, opts: InsertOpts | undefined): { kind: string; opts: InsertOpts } {
  if (typeof kindOrDef === "object" && kindOrDef !== null && "kind" in kindOrDef) {
    return { kind: kindOrDef.kind, opts: { ...kindOrDef.defaults, ...opts } };
  }
  return { kind: kindOrDef as string, opts: opts ?? {} };
}
