/** A job kind declared once: its args type or Standard Schema, and its default insert options. */
import { InvalidArgumentError } from "../base/errors.js";
import type { InsertOpts } from "./insert-opts.js";
import type { StandardSchemaInput, StandardSchemaOutput, StandardSchemaV1 } from "./standard-schema.js";

/**
 * A job kind with its args types and default insert options. `TArgs` is what a producer
 * inserts (the schema's input), `TOutput` what a worker gets (the schema's output).
 */
export interface JobDefinition<TArgs extends object = any, TOutput = TArgs, TKind extends string = string> {
  readonly kind: TKind;
  readonly defaults: Readonly<InsertOpts>;
  /** Validates args at insert and before work; absent for `defineJob<T>(kind)`. */
  readonly schema?: StandardSchemaV1<TArgs, TOutput>;
  /** Phantom field carrying the args type; never set. */
  readonly __args?: TArgs;
  /** Phantom field carrying the worker's args type; never set. */
  readonly __output?: TOutput;
}

/** The options of `defineJob({ kind, schema?, defaults? })`. */
export interface JobDefinitionOptions<TKind extends string, TSchema extends StandardSchemaV1 | undefined> {
  /** The job kind (River's rule where workers are registered). */
  kind: TKind;
  /** Any Standard Schema (zod, valibot, arktype…) for the args, checked at insert and before work. */
  schema?: TSchema;
  /** Insert options every insert of this kind starts from. */
  defaults?: InsertOpts;
}

/** Args a schema-less definition falls back to. */
type ArgsOf<S> = S extends StandardSchemaV1 ? (StandardSchemaInput<S> extends object ? StandardSchemaInput<S> : never) : Record<string, unknown>;
type OutputOf<S> = S extends StandardSchemaV1 ? StandardSchemaOutput<S> : Record<string, unknown>;

/**
 * Declares a job kind once, so inserts and workers are typed. With a Standard Schema
 * (River's TypeScript shape), inserts are validated and workers get the schema's output:
 *
 * @example
 * const sendEmail = defineJob({ kind: "send_email", schema: z.object({ to: z.string() }), defaults: { queue: "mail" } });
 * await client.insert(sendEmail, { to: "a@example.com" });
 * // or, type-only: defineJob<{ to: string }>("send_email", { queue: "mail" })
 */
export function defineJob<const TKind extends string, TSchema extends StandardSchemaV1 | undefined = undefined>(
  options: JobDefinitionOptions<TKind, TSchema>,
): JobDefinition<ArgsOf<TSchema>, OutputOf<TSchema>, TKind>;
export function defineJob<TArgs extends object>(kind: string, defaults?: InsertOpts): JobDefinition<TArgs>;
export function defineJob(kindOrOptions: string | JobDefinitionOptions<string, StandardSchemaV1 | undefined>, defaults: InsertOpts = {}): JobDefinition {
  const options = typeof kindOrOptions === "object" && kindOrOptions !== null ? kindOrOptions : { kind: kindOrOptions, defaults };
  const { kind, schema } = options;
  if (typeof kind !== "string" || kind.length === 0) throw new InvalidArgumentError("kind", "must be a non-empty string");
  if (schema !== undefined && (typeof schema !== "object" || schema === null || typeof schema["~standard"]?.validate !== "function")) {
    throw new InvalidArgumentError("schema", "must be a Standard Schema (zod, valibot, arktype…): an object with ~standard.validate");
  }
  const frozenDefaults = Object.freeze({ ...(options.defaults ?? {}) });
  return Object.freeze(schema ? { kind, defaults: frozenDefaults, schema } : { kind, defaults: frozenDefaults });
}

/** Resolves a string kind or a JobDefinition into a kind, merged options and the definition's schema. */
export function resolveKind(
  kindOrDef: string | JobDefinition<object, unknown>,
  opts: InsertOpts | undefined,
): { kind: string; opts: InsertOpts; schema?: StandardSchemaV1 } {
  if (typeof kindOrDef === "object" && kindOrDef !== null && "kind" in kindOrDef) {
    const merged = { kind: kindOrDef.kind, opts: { ...kindOrDef.defaults, ...opts } };
    return kindOrDef.schema ? { ...merged, schema: kindOrDef.schema as StandardSchemaV1 } : merged;
  }
  return { kind: kindOrDef as string, opts: opts ?? {} };
}
