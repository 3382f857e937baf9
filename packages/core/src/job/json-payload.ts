/** Validates and serialises args and metadata to the exact JSON text that is stored. */
import { InvalidArgumentError } from "../base/errors.js";
import { stringifyExactJson } from "../json/exact-json-stringify.js";

/**
 * Serialises a job's args or metadata exactly: a `bigint` is written as its digits and `-0`
 * as `-0` (both read back as the same values). Refuses what JSON.stringify would silently
 * drop or mangle (functions, symbols, undefined array items, NaN/Infinity), cycles, and the
 * character U+0000, which PostgreSQL's jsonb refuses, with an error that names the field and
 * the path inside it.
 */
export function serializeJsonObject(value: unknown, field: string): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(field, `must be a JSON object, got ${describe(value)}`);
  }
  // The native stringifier is several times faster; only values it cannot write take the exact one.
  return checkSerializable(value, field, new Set()) ? (stringifyExactJson(value) as string) : JSON.stringify(value);
}

/** Throws for what JSON cannot hold; returns true when the value needs the exact stringifier. */
function checkSerializable(value: unknown, path: string, ancestors: Set<object>): boolean {
  switch (typeof value) {
    case "string":
      if (value.includes("\u0000")) throw new InvalidArgumentError(path, NUL_REFUSED);
      return false;
    case "boolean":
    case "undefined":
      return false;
    case "number":
      if (!Number.isFinite(value)) throw new InvalidArgumentError(path, `${value} is not representable in JSON`);
      return Object.is(value, -0);
    case "bigint":
      return true;
    case "function":
    case "symbol":
      throw new InvalidArgumentError(path, `a ${typeof value} is not serialisable to JSON`);
    default:
      break;
  }
  if (value === null) return false;
  const obj = value as Record<string, unknown> & { toJSON?: () => unknown };
  // A Date writes a plain string; any other toJSON may return a bigint, which only the exact stringifier writes.
  if (typeof obj.toJSON === "function") return !(obj instanceof Date);
  if (ancestors.has(obj)) throw new InvalidArgumentError(path, "contains a circular reference");
  ancestors.add(obj);
  let exact = false;
  if (Array.isArray(obj)) {
    obj.forEach((item, i) => {
      if (item === undefined) throw new InvalidArgumentError(`${path}[${i}]`, "undefined is not serialisable to JSON");
      if (checkSerializable(item, `${path}[${i}]`, ancestors)) exact = true;
    });
  } else {
    for (const key of Object.keys(obj)) {
      if (key.includes("\u0000")) throw new InvalidArgumentError(path, `a member name holds U+0000: ${NUL_REFUSED}`);
      if (checkSerializable(obj[key], `${path}.${key}`, ancestors)) exact = true;
    }
  }
  ancestors.delete(obj);
  return exact;
}

const NUL_REFUSED = "PostgreSQL's jsonb cannot store the character U+0000 (\\u0000); remove it or encode the value";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
