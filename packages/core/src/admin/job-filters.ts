/** River's job filters (`JobListParams`' ids, kinds, queues, states, …) as the admin calls take them, validated into SQL parameters. */
import { InvalidArgumentError } from "../base/errors.js";
import { JOB_STATES, type JobState } from "../job/job-row.js";
import { stringifyExactJson } from "../json/exact-json-stringify.js";
import { integerArrayLiteral, textArrayLiteral } from "../sql/array-literal.js";
import { type JobId, jobId } from "./job-id.js";

/** A time range on one of a job's timestamps: `since` inclusive, `before` exclusive. */
export interface TimeRange {
  since?: Date;
  before?: Date;
}

/**
 * Which jobs a listing, count or bulk action applies to. Every given filter must hold (AND);
 * a list matches any of its values; an absent or empty list is no filter, as in River.
 */
export interface JobFilters {
  ids?: readonly JobId[];
  kinds?: readonly string[];
  queues?: readonly string[];
  states?: readonly JobState[];
  /** Priorities 1–4. */
  priorities?: readonly number[];
  /** Jobs carrying every one of these tags (`tags @> …`). */
  tagsAll?: readonly string[];
  /** Jobs carrying at least one of these tags (`tags && …`). */
  tagsAny?: readonly string[];
  /** Jobs whose metadata contains this JSON object (`metadata @> …`). */
  metadata?: Record<string, unknown>;
  /** Jobs whose args contain this JSON object (`args @> …`), e.g. `{ customer_id: 42 }`. */
  args?: Record<string, unknown>;
  createdAt?: TimeRange;
  scheduledAt?: TimeRange;
  /** Only finalized jobs have a finalized_at: a range here excludes every other job. */
  finalizedAt?: TimeRange;
  /** Today's single-or-list forms, kept working: merged into `states`, `kinds`, `queues`. */
  state?: JobState | readonly JobState[];
  kind?: string | readonly string[];
  queue?: string | readonly string[];
}

/** Validated filters: the 14 parameters of the SQL filter fragment, and the states asked for (in order). */
export interface FilterParams {
  readonly params: readonly unknown[];
  readonly states: readonly JobState[] | undefined;
  /** True when no filter is set (a bulk delete then needs `unsafeAll`). */
  readonly empty: boolean;
}

/** Where the states filter sits in {@link FilterParams.params} ($4 of the SQL fragment). */
export const STATES_PARAM = 3;

/** Validates `filters` (fields named `<prefix>.<field>` in errors) into SQL parameters. */
export function filterParams(filters: JobFilters, prefix: string): FilterParams {
  if (typeof filters !== "object" || filters === null || Array.isArray(filters)) {
    throw new InvalidArgumentError(prefix, "must be an object of filters");
  }
  const f = (name: string) => `${prefix}.${name}`;
  const ids = list(filters.ids, f("ids"))?.map((id, i) => jobId(id as JobId, `${f("ids")}[${i}]`));
  const kinds = merged(filters.kinds, filters.kind, f("kinds"), f("kind"));
  const queues = merged(filters.queues, filters.queue, f("queues"), f("queue"));
  const states = merged(filters.states, filters.state, f("states"), f("state")) as JobState[] | undefined;
  const badState = states?.find((s) => !JOB_STATES.includes(s));
  if (badState !== undefined) throw new InvalidArgumentError(f("states"), `${JSON.stringify(badState)} is not one of ${JOB_STATES.join(", ")}`);
  const priorities = list(filters.priorities, f("priorities"));
  if (priorities?.some((p) => !Number.isInteger(p) || (p as number) < 1 || (p as number) > 4)) {
    throw new InvalidArgumentError(f("priorities"), "must be integers from 1 to 4");
  }
  const tagsAll = strings(filters.tagsAll, f("tagsAll"));
  const tagsAny = strings(filters.tagsAny, f("tagsAny"));
  const containment = containmentParam(jsonObject(filters.metadata, f("metadata")), jsonObject(filters.args, f("args")));
  const ranges = [
    ...range(filters.createdAt, f("createdAt")),
    ...range(filters.scheduledAt, f("scheduledAt")),
    ...range(filters.finalizedAt, f("finalizedAt")),
  ];
  const params = [
    ids && integerArrayLiteral(ids),
    kinds && textArrayLiteral(kinds),
    queues && textArrayLiteral(queues),
    states && textArrayLiteral(states),
    priorities && integerArrayLiteral(priorities as number[]),
    tagsAll && textArrayLiteral(tagsAll),
    tagsAny && textArrayLiteral(tagsAny),
    containment,
    ...ranges,
  ].map((p) => p ?? null);
  return { params, states, empty: params.every((p) => p === null) };
}

/** A list filter; undefined and [] both mean no filter. */
function list(value: unknown, field: string): unknown[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InvalidArgumentError(field, "must be a list");
  return value.length === 0 ? undefined : [...value];
}

function strings(value: unknown, field: string): string[] | undefined {
  const values = list(value, field);
  if (values?.some((v) => typeof v !== "string")) throw new InvalidArgumentError(field, "must be a list of strings");
  return values as string[] | undefined;
}

/** A list filter that also has today's single-or-list alias; giving both is ambiguous. */
function merged(values: unknown, alias: unknown, field: string, aliasField: string): string[] | undefined {
  if (values !== undefined && alias !== undefined) throw new InvalidArgumentError(aliasField, `give either ${aliasField} or ${field}, not both`);
  if (typeof alias === "string") return [alias];
  if (alias !== undefined) return strings(alias, aliasField);
  return strings(values, field);
}

/** A containment filter as exact JSON text, or undefined for none. */
function jsonObject(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidArgumentError(field, "must be a JSON object");
  // `@> '{}'` matches every job: an empty object is no filter (so it cannot open a bulk delete).
  return Object.keys(value).length === 0 ? undefined : stringifyExactJson(value);
}

/** The metadata and args containments as one parameter, `{"metadata": …, "args": …}` with only the keys given. */
function containmentParam(metadata: string | undefined, args: string | undefined): string | undefined {
  if (metadata === undefined && args === undefined) return undefined;
  const parts = [metadata === undefined ? "" : `"metadata":${metadata}`, args === undefined ? "" : `"args":${args}`].filter(Boolean);
  return `{${parts.join(",")}}`;
}

function range(value: TimeRange | undefined, field: string): (string | null)[] {
  if (value === undefined) return [null, null];
  if (typeof value !== "object" || value === null) throw new InvalidArgumentError(field, "must be { since?: Date, before?: Date }");
  return [time(value.since, `${field}.since`), time(value.before, `${field}.before`)];
}

function time(value: unknown, field: string): string | null {
  if (value === undefined) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidArgumentError(field, "must be a valid Date");
  return value.toISOString();
}
