/** Standard Schema v1's interface, copied from the spec (standardschema.dev) as it asks, so core depends on no validator. */

/**
 * A validator any Standard Schema library produces (zod ≥ 3.24, valibot ≥ 1, arktype ≥ 2…):
 * `schema["~standard"].validate(value)` returns the output or the issues, maybe as a Promise.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaProps<Input, Output>;
}

/** The `~standard` property of a {@link StandardSchemaV1}. */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
  readonly types?: StandardSchemaTypes<Input, Output> | undefined;
}

/** What `validate` returns: the output, or the issues. */
export type StandardSchemaResult<Output> = StandardSchemaSuccess<Output> | StandardSchemaFailure;

/** A value that passed validation. */
export interface StandardSchemaSuccess<Output> {
  readonly value: Output;
  readonly issues?: undefined;
}

/** A value that failed validation. */
export interface StandardSchemaFailure {
  readonly issues: ReadonlyArray<StandardSchemaIssue>;
}

/** One problem with the value: what is wrong and where. */
export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | StandardSchemaPathSegment> | undefined;
}

/** A path segment given as an object (some libraries do). */
export interface StandardSchemaPathSegment {
  readonly key: PropertyKey;
}

/** The schema's static input and output types (type-only). */
export interface StandardSchemaTypes<Input = unknown, Output = Input> {
  readonly input: Input;
  readonly output: Output;
}

/** The input type of a schema: what a producer passes. */
export type StandardSchemaInput<S extends StandardSchemaV1> = NonNullable<S["~standard"]["types"]>["input"];

/** The output type of a schema: what a worker gets. */
export type StandardSchemaOutput<S extends StandardSchemaV1> = NonNullable<S["~standard"]["types"]>["output"];
