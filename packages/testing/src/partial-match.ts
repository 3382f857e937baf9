/** Partial, deep comparison of an expected JSON-like value with a stored one, listing every difference by path. */
import { inspect } from "node:util";

/**
 * What a partial expectation may hold for a value of type `T`: objects may leave keys out
 * (at any depth), arrays are compared element by element at their full length, and a `Date`
 * may stand for the ISO string JSON stored it as.
 */
export type PartialDeep<T> = T extends Date
  ? Date | string
  : T extends readonly (infer U)[]
    ? readonly PartialDeep<U>[]
    : T extends object
      ? { [K in keyof T]?: PartialDeep<T[K]> }
      : T;

/** One way a stored value differs from what was expected, at `path` (e.g. `args.items[0].sku`). */
export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
  /** True when the stored value has no such key at all. */
  missing?: boolean;
}

/**
 * The differences between `expected` and `actual`, empty when they match. The rules:
 * - a plain object matches when every key it has matches (extra stored keys are ignored);
 *   a key whose expected value is `undefined` must be absent;
 * - an array matches an array of the same length whose elements match in order;
 * - a `Date` matches a Date of the same instant or the ISO string JSON made of it;
 * - a number and a bigint match when they are the same integer (large integers come back as bigint);
 * - anything else matches only itself (`Object.is`).
 */
export function differences(expected: unknown, actual: unknown, path: string): Difference[] {
  if (expected instanceof Date) {
    const same = actual instanceof Date ? actual.getTime() === expected.getTime() : actual === expected.toISOString();
    return same ? [] : [{ path, expected, actual }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual }];
    if (actual.length !== expected.length) return [{ path: `${path}.length`, expected: expected.length, actual: actual.length }];
    return expected.flatMap((item, i) => differences(item, actual[i], `${path}[${i}]`));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([key, value]) => {
      const at = `${path}.${key}`;
      if (value === undefined) return key in actual ? [{ path: at, expected: undefined, actual: actual[key] }] : [];
      if (!(key in actual)) return [{ path: at, expected: value, actual: undefined, missing: true }];
      return differences(value, actual[key], at);
    });
  }
  return sameScalar(expected, actual) ? [] : [{ path, expected, actual }];
}

function sameScalar(expected: unknown, actual: unknown): boolean {
  if (typeof expected === "bigint" && typeof actual === "number") return Number.isInteger(actual) && BigInt(actual) === expected;
  if (typeof expected === "number" && typeof actual === "bigint") return Number.isInteger(expected) && BigInt(expected) === actual;
  return Object.is(expected, actual);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A value as a failure message shows it: one line, strings quoted, bigints with their `n`. */
export function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Number.POSITIVE_INFINITY, compact: true, maxArrayLength: 20, maxStringLength: 200 });
}

/** One difference as a failure message line fragment: `args.to: expected 'a', got 'b'`. */
export function describeDifference(d: Difference): string {
  return d.missing ? `${d.path}: expected ${show(d.expected)}, but the job has no ${d.path}` : `${d.path}: expected ${show(d.expected)}, got ${show(d.actual)}`;
}
